"""The treatment ladder: from care at home up to advanced treatment.

The ladder is for pain without warning signs. A warning sign on the "When to get help" checklist
skips it: the patient goes straight to the medical check the checklist names.
"""

from __future__ import annotations

from inspect import cleandoc

from ankle_education.starter_content.entries import TierEntry

# Said on every tier, so no reader takes the ladder as "one step at a time, whatever happens".
WARNING_SIGNS_SKIP_THE_LADDER = (
    'A warning sign on the "When to get help" checklist means you skip the ladder. Do not wait to try each '
    "step first: get a medical check as soon as the checklist says."
)

TIERS = (
    TierEntry(
        slug="self-care",
        name="Self-care at home",
        summary="Most mild ankle pain gets better at home. Protect and rest the ankle for the first few days, "
        "then keep it moving gently. Ice, a bandage and raising your foot help too.",
        body=cleandoc(
            f"""
            Do not ignore ankle pain or run through it. Early care can stop a small problem from turning
            into a long-lasting one. {WARNING_SIGNS_SKIP_THE_LADDER}

            **The first 2 to 3 days.** Many people remember what to do as **PRICE**:

            - **Protection.** Keep the ankle safe from more harm, for example with a support or a firm shoe.
            - **Rest.** Stop running and rest the ankle. Do not keep it still for longer than the first few days.
            - **Ice.** Wrap an ice pack or a bag of frozen peas in a towel. Hold it on the ankle for up to
              20 minutes, every 2 to 3 hours. Never put ice straight on your skin.
            - **Compression.** Wrap a bandage around the ankle to help keep the swelling down.
              It should feel snug, not tight.
            - **Elevation.** Raise your foot on a pillow so it sits higher than your heart when you can.

            In these first days, stay away from heat, such as hot baths or heat packs. Stay away from
            alcohol and massage too. They can make the swelling worse.

            **After the first few days, keep moving.** Walk and move the ankle gently, as far as pain
            allows. Gentle use helps it heal and stops it from getting stiff. Build up slowly. After a
            bad sprain, do not run for up to 8 weeks.

            **Pain relief.** Start with acetaminophen (paracetamol), a pain medicine you swallow. Or use
            ibuprofen gel that you rub on the skin. Ibuprofen tablets are an anti-inflammatory, a medicine
            that calms swelling. In the first days after an injury, anti-inflammatory medicines may slow
            healing. Ask a pharmacist or a doctor before you take ibuprofen if you:

            - have asthma
            - have had a stomach ulcer or bleeding in your stomach
            - have kidney, liver or heart disease
            - are pregnant
            - take a blood thinner
            - are over 65

            Always follow the directions on the pack.
            """
        ),
        when_to_move_up=cleandoc(
            f"""
            {WARNING_SIGNS_SKIP_THE_LADDER}

            With no warning signs, see a physical therapist if the pain lasts more than a few days,
            or if it keeps coming back.
            """
        ),
        order=1,
        sources=("nhs-sprains-and-strains", "bjsm-peace-and-love", "nhs-ibuprofen", "mayo-ankle-pain"),
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
            f"""
            See a doctor if rest and exercises do not help, or if the pain makes it hard to walk or move.

            {WARNING_SIGNS_SKIP_THE_LADDER}
            """
        ),
        order=2,
        sources=("nhs-sprains-and-strains", "bjsm-ankle-sprain-guideline", "mayo-ankle-pain"),
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
        sources=("mayo-ankle-pain", "nhs-sprains-and-strains", "mdcalc-ottawa-ankle-rule"),
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
              A doctor injects it near the sore area. Doctors avoid it near the Achilles tendon,
              because it can weaken the tendon and make a tear more likely.
            - **Surgery**, for example to repair a badly torn ligament or tendon.

            Your doctor will explain the benefits and risks, so you can decide together.
            """
        ),
        when_to_move_up="",
        order=4,
        sources=("mayo-achilles-rupture", "nhs-plantar-fasciitis", "bjsm-ankle-sprain-guideline"),
    ),
)
