"""The five habits that lower the risk of ankle pain after running."""

from __future__ import annotations

from inspect import cleandoc

from ankle_education.starter_content.entries import TipEntry

# Source keys (sources.py).
MAYO_STRETCHING = "mayo-stretching"
NHS_SPRAINS = "nhs-sprains-and-strains"
CLEVELAND_STRESS = "cleveland-clinic-stress-fracture-prevention"
MAYO_STRESS = "mayo-stress-fractures"
MAYO_ACHILLES = "mayo-achilles-rupture"
NHS_PERONEAL = "nhs-borders-peroneal-tendinopathy"
NHS_PLANTAR = "nhs-plantar-fasciitis"
SPRAIN_GUIDELINE = "bjsm-ankle-sprain-guideline"

TIPS = (
    TipEntry(
        slug="warm-up-and-cool-down",
        title="Warm up and cool down",
        summary="Start each run with moving stretches to warm up. End it with slow, held stretches to stay loose.",
        body=cleandoc(
            """
            **Before you run: a dynamic warm-up.** Dynamic means moving. Spend a few minutes on slow,
            easy moves like the ones you use when you run, such as leg swings, ankle circles and a gentle
            jog. They take your muscles and joints through their range, so they are ready to work.

            **After you run: a cool-down with static stretches.** Static means still. Your muscles are warm
            now, so they stretch more easily. Hold each stretch for about 30 seconds, without bouncing.
            Stop if it hurts. This helps your joints keep moving freely.

            Give the most time to your calves, your ankles and your feet.
            """
        ),
        order=1,
        helps_prevent=("achilles-tendinitis", "peroneal-tendinitis", "muscle-strain", "plantar-fasciitis"),
        sources=(MAYO_STRETCHING, NHS_SPRAINS),
    ),
    TipEntry(
        slug="build-up-gradually",
        title="Build up slowly: the 10% rule",
        summary="Add no more than 10% to your weekly distance from one week to the next. "
        "Your body then has time to get used to the extra running.",
        body=cleandoc(
            """
            Going from a little running to a lot, fast, is a common cause of overuse injuries. Your muscles,
            tendons and bones need time to get used to more load.

            A simple guide is the **10% rule**: each week, run no more than 10% farther than the week before.
            For example, if you ran 10 miles this week, run no more than 11 miles next week.

            The same goes for hard sessions. Add speed work and hills a little at a time.
            """
        ),
        order=2,
        helps_prevent=(
            "achilles-tendinitis",
            "peroneal-tendinitis",
            "stress-fracture",
            "plantar-fasciitis",
            "muscle-strain",
        ),
        sources=(CLEVELAND_STRESS, MAYO_ACHILLES, MAYO_STRESS, NHS_PERONEAL),
    ),
    TipEntry(
        slug="strength-and-flexibility",
        title="Train for strength, balance and flexibility",
        summary="Simple exercises make your ankles stronger and steadier. Stretch your calves and Achilles "
        "tendons too.",
        body=cleandoc(
            """
            Strong, steady ankles are harder to injure. Make these part of your week:

            - **Calf raises.** Stand on both feet and rise up onto your toes, then lower slowly.
            - **Resistance band moves.** Loop an exercise band around your foot. Push your foot down, up,
              in and out against the band.
            - **Balance on one leg.** Stand on one foot and hold steady. Make it harder by closing your eyes
              or standing on a cushion.

            Stretch your calves and your Achilles tendons as well. Tight calves put more strain on the ankle.
            """
        ),
        order=3,
        helps_prevent=(
            "ankle-sprain",
            "chronic-ankle-instability",
            "achilles-tendinitis",
            "peroneal-tendinitis",
            "muscle-strain",
            "flat-feet-and-high-arches",
        ),
        sources=(SPRAIN_GUIDELINE, MAYO_ACHILLES, CLEVELAND_STRESS),
    ),
    TipEntry(
        slug="choose-and-replace-running-shoes",
        title="Choose the right shoes, and replace them",
        summary="Wear running shoes that suit your feet and the way you run. Get a new pair every 300 to 500 miles.",
        body=cleandoc(
            """
            Your gait is the way you walk and run. Choose running shoes that suit your gait and your foot
            type, for example flat feet or high arches. Staff at a running store can watch you run
            and help you find a good fit.

            Shoes lose their cushion and support with every mile. Replace them every **300 to 500 miles**
            (about 480 to 800 km). If you are not sure, go by the lower number: some doctors advise a new
            pair about every 300 miles. Worn shoes and shoes with poor support are linked with heel pain
            and stress fractures, tiny cracks in a bone.
            """
        ),
        order=4,
        helps_prevent=(
            "worn-or-unsuitable-shoes",
            "flat-feet-and-high-arches",
            "plantar-fasciitis",
            "stress-fracture",
            "achilles-tendinitis",
        ),
        sources=(CLEVELAND_STRESS, MAYO_STRESS, NHS_PLANTAR, MAYO_ACHILLES),
    ),
    TipEntry(
        slug="running-surface",
        title="Mind the running surface",
        summary="Hard or bumpy ground raises the risk of ankle injury. Choose softer, even ground when you can.",
        body=cleandoc(
            """
            Hard ground, like concrete, sends more shock up through your feet and ankles. Starting to run on
            hard ground is linked with heel pain and Achilles problems. Bumpy or uneven ground makes it easier
            to roll your ankle, and it makes the tendons on the outer side of the ankle work harder.

            When you can, run on softer ground, such as a running track or a smooth trail. On rough or uneven
            ground, slow down and watch where you step.
            """
        ),
        order=5,
        helps_prevent=("ankle-sprain", "chronic-ankle-instability", "stress-fracture"),
        sources=(MAYO_ACHILLES, NHS_PLANTAR, NHS_PERONEAL),
    ),
)
