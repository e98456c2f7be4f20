"""The treatment ladder: from care at home up to advanced treatment."""

from __future__ import annotations

from inspect import cleandoc

from ankle_education.starter_content.entries import TierEntry

TIERS = (
    TierEntry(
        slug="self-care",
        name="Self-care at home",
        summary="Most mild ankle pain gets better at home. Rest, use ice, wrap the ankle and raise your foot. "
        "Pain relief from a pharmacy can help too.",
        body=cleandoc(
            """
            Do not ignore ankle pain or run through it. Early care can stop a small problem from turning
            into a long-lasting one.

            Start as soon as you can, and keep going for the first 2 to 3 days. Many people remember it as
            **RICE**:

            - **Rest.** Stop running. Keep weight off the ankle as much as you can.
            - **Ice.** Wrap an ice pack or a bag of frozen peas in a towel. Hold it on the ankle for up to
              20 minutes, every 2 to 3 hours. Never put ice straight on your skin.
            - **Compression.** Wrap a bandage around the ankle to help keep the swelling down.
              It should feel snug, not tight.
            - **Elevation.** Raise your foot on a pillow so it sits higher than your heart when you can.

            Some guides add a **P** for **protection** (PRICE): keep the ankle safe from more harm,
            for example with a support.

            Pain relief you can buy without a prescription, such as ibuprofen, can ease pain and swelling.
            Ibuprofen is an anti-inflammatory (a medicine that calms swelling). Follow the directions on
            the pack, and ask a pharmacist if you are not sure it is safe for you.
            """
        ),
        when_to_move_up=cleandoc(
            """
            See a physical therapist if the pain lasts more than a few days, or if it keeps coming back.
            Use the checklist first: some signs mean you need a doctor sooner.
            """
        ),
        order=1,
        sources=("nhs-sprains-and-strains",),
    ),
    TierEntry(
        slug="physical-therapy",
        name="Physical therapy",
        summary="A physical therapist gives you exercises. They help your ankle move well and get strong "
        "and steady again.",
        body=cleandoc(
            """
            A physical therapist is trained to treat injuries with exercise and hands-on care.
            They look at how your ankle moves and how you run. Then they give you exercises to:

            - get back the full movement of your ankle
            - build strength in your ankle, foot and calf
            - improve your balance and the way you run

            Doing the exercises at home, as often as you are told, is a big part of getting better.
            """
        ),
        when_to_move_up=cleandoc(
            """
            See a doctor if rest does not help, or if the pain makes it hard to walk or move.
            If the pain is severe, go to the emergency department at once.
            """
        ),
        order=2,
    ),
    TierEntry(
        slug="medical-evaluation",
        name="Medical evaluation",
        summary="A doctor checks your ankle. You may need a scan to look for a broken bone or a torn ligament.",
        body=cleandoc(
            """
            A doctor will ask how the pain started and examine your ankle. They may send you for imaging,
            which means pictures of the inside of your body:

            - An **X-ray** shows the bones. It can find a fracture (a broken or cracked bone).
            - An **MRI** scan uses a strong magnet to show soft parts too, such as tendons and ligaments.
              It can find a tear that an X-ray would miss.

            The results help the doctor rule out a serious injury and plan the right treatment.
            """
        ),
        when_to_move_up=cleandoc(
            """
            If other treatment has not worked, your doctor may talk with you about advanced treatment.
            This is rare.
            """
        ),
        order=3,
        sources=("mayo-ankle-pain",),
    ),
    TierEntry(
        slug="advanced-treatment",
        name="Advanced treatment",
        summary="A few people need more, such as a cortisone shot or surgery. A specialist helps you decide.",
        body=cleandoc(
            """
            Most ankle pain after running gets better without these. A specialist may suggest them when
            other care has not worked:

            - A **cortisone injection**. Cortisone is a strong medicine that calms swelling.
              A doctor injects it near the sore area.
            - **Surgery**, for example to repair a badly torn ligament or tendon.

            Your doctor will explain the benefits and risks, so you can decide together.
            """
        ),
        when_to_move_up="",
        order=4,
    ),
)
