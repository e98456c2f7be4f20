"""The conditions behind ankle pain after running, each with what to do at each treatment tier."""

from __future__ import annotations

from inspect import cleandoc

from ankle_education.starter_content.entries import ConditionEntry

MAYO = "mayo-ankle-pain"
NHS_SPRAINS = "nhs-sprains-and-strains"
OTTAWA = "mdcalc-ottawa-ankle-rule"

CONDITIONS = (
    ConditionEntry(
        slug="achilles-tendinitis",
        name="Achilles tendinitis",
        category="overuse-injuries",
        summary="Achilles tendinitis is a swollen, sore Achilles tendon. This is the thick cord at the back "
        "of your ankle. It often comes from running more than your body is used to.",
        overview=cleandoc(
            """
            Tendinitis means a swollen, sore tendon. The Achilles tendon joins your calf muscle to your heel bone.
            It takes a lot of force every time you push off while running. When it gets more load than it can
            recover from, it gets sore.
            """
        ),
        symptoms=cleandoc(
            """
            - pain and stiffness at the back of the ankle, just above the heel
            - pain that is worse at the start of a run, or the morning after
            - a tender or thick feel when you squeeze the tendon
            """
        ),
        causes=cleandoc(
            """
            - adding distance or speed too fast
            - tight or weak calf muscles
            - worn shoes, or shoes that do not suit your feet
            """
        ),
        order=1,
        treatment={
            "self-care": "Rest from running and from uphill walking. Use ice for up to 20 minutes at a time to "
            "ease the pain. Pain relief from a pharmacy can help for a short time.",
            "physical-therapy": "A physical therapist will give you calf and tendon exercises. These slowly build "
            "up how much load the tendon can take. They also plan your return to running.",
            "medical-evaluation": "See a doctor if the pain does not ease with rest, or if walking is hard. "
            "An MRI scan can show if the tendon is torn. It takes pictures inside your body with a strong magnet.",
            "advanced-treatment": "In rare cases, when months of care have not worked, a specialist may talk "
            "with you about surgery.",
        },
        sources=(MAYO,),
    ),
    ConditionEntry(
        slug="peroneal-tendinitis",
        name="Peroneal tendinitis",
        category="overuse-injuries",
        summary="Peroneal tendinitis is a swollen, sore tendon on the outer side of the ankle. A tendon is a "
        "strong cord that joins a muscle to a bone. It often comes from running a lot, or on sloped or uneven ground.",
        overview=cleandoc(
            """
            The peroneal tendons run down the outer side of your lower leg. They pass behind the bump on
            the outside of your ankle and attach to your foot. They help keep your ankle steady. Running a lot
            makes them work hard, and they can get swollen and sore.
            """
        ),
        symptoms=cleandoc(
            """
            - pain behind or below the bump on the outer side of the ankle
            - pain that gets worse with activity and eases with rest
            - some swelling on the outer side of the ankle
            """
        ),
        causes=cleandoc(
            """
            - running too much, too soon
            - a foot that rolls outward, or high arches
            - an old ankle sprain that left the ankle weak
            """
        ),
        order=2,
        treatment={
            "self-care": "Rest from running for a while. Use ice, a bandage and raise your foot to calm the "
            "swelling. Pain relief from a pharmacy can help.",
            "physical-therapy": "A physical therapist can give you exercises. They make the muscles on the "
            "outer side of your ankle stronger and help your balance.",
            "medical-evaluation": "See a doctor if the pain lasts or the ankle feels weak. An MRI scan can check "
            "the tendons for a tear. It takes pictures inside your body with a strong magnet.",
            "advanced-treatment": "Rarely, a doctor may suggest a cortisone shot, or surgery to repair a torn tendon. "
            "Cortisone is a strong medicine that calms swelling.",
        },
        sources=(MAYO,),
    ),
    ConditionEntry(
        slug="stress-fracture",
        name="Stress fracture",
        category="overuse-injuries",
        summary="A stress fracture is a tiny crack in a bone. It comes from the pounding of many runs, "
        "not from one fall. The pain keeps coming back and slowly gets worse.",
        overview=cleandoc(
            """
            A fracture is a break or crack in a bone. A stress fracture is a very small crack. It forms when
            a bone takes the same impact over and over, faster than it can repair itself. Runners can get one in
            the lower leg, ankle or foot.
            """
        ),
        symptoms=cleandoc(
            """
            - pain in one spot on a bone that gets worse as you run
            - pain that eases with rest but comes back on the next run
            - a sore spot that hurts when you press on it, sometimes with some swelling
            """
        ),
        causes=cleandoc(
            """
            - adding distance too fast
            - running on hard ground
            - worn shoes that no longer soak up the shock
            """
        ),
        order=3,
        treatment={
            "self-care": "Stop running and rest the leg. Running on a stress fracture can make the crack worse. "
            "Ice can ease the pain.",
            "physical-therapy": "Once the bone has healed, a physical therapist can help you build back up. "
            "They plan a slow, safe return to running.",
            "medical-evaluation": "See a doctor if you think you have a stress fracture. They may send you for "
            "an X-ray or an MRI scan. Both take pictures of the inside of your leg: an X-ray shows bone, and an MRI "
            "scan uses a strong magnet to show soft parts too. A very small crack may not show on an X-ray at first. "
            "You may need a boot or crutches for a while.",
            "advanced-treatment": "Rarely, a bone does not heal with rest and needs surgery.",
        },
        sources=(MAYO,),
    ),
    ConditionEntry(
        slug="ankle-sprain",
        name="Ankle sprain",
        category="acute-injuries",
        summary="A sprain is when you roll or twist your ankle and stretch or tear a ligament. "
        "Ligaments are the strong bands that hold the bones of a joint together.",
        overview=cleandoc(
            """
            Most ankle sprains happen when the foot rolls inward, for example on a curb, a root or a pothole.
            The ligaments on the outer side of the ankle stretch or tear. A mild sprain gets better with home
            care. A bad sprain can take weeks to heal.
            """
        ),
        symptoms=cleandoc(
            """
            - pain, often on the outer side of the ankle
            - swelling and bruising
            - pain when you put weight on the foot
            - an ankle that feels weak or wobbly
            """
        ),
        causes=cleandoc(
            """
            - rolling your ankle on uneven ground
            - tired or weak ankle muscles
            - an old sprain that did not get rehab, the exercises that help an ankle heal
            """
        ),
        order=4,
        treatment={
            "self-care": "For the first 2 to 3 days, rest the ankle and use ice for up to 20 minutes every 2 to "
            "3 hours. Wrap it in a bandage and raise your foot. Do not run for up to 8 weeks after a bad sprain.",
            "physical-therapy": "A physical therapist can help you get your strength and balance back. This lowers "
            "the chance of spraining the same ankle again.",
            "medical-evaluation": "See a doctor if you cannot put weight on the foot, or if it is not better after "
            "a few days. An X-ray can check for a broken bone. It is a quick picture of the bones inside your ankle.",
            "advanced-treatment": "Rarely, a ligament is so badly torn that it needs surgery.",
        },
        sources=(NHS_SPRAINS, MAYO, OTTAWA),
    ),
    ConditionEntry(
        slug="muscle-strain",
        name="Muscle strain",
        category="acute-injuries",
        summary="A strain is a pulled or torn muscle. Around the ankle, it is often in the calf. It happens "
        "when a muscle is asked to do more than it is ready for.",
        overview=cleandoc(
            """
            A muscle strain happens when the muscle fibers stretch too far and tear a little. The muscles of the
            calf and lower leg work hard in every running step. They are more likely to strain if you skip your
            warm-up or push much harder than your training has prepared you for.
            """
        ),
        symptoms=cleandoc(
            """
            - sudden pain in the calf or lower leg during a run
            - pain when you move or stretch the muscle
            - swelling, bruising or a tight feeling
            """
        ),
        causes=cleandoc(
            """
            - no warm-up before running
            - a sudden burst of speed, or a hill you are not used to
            - tired or tight muscles
            """
        ),
        order=5,
        treatment={
            "self-care": "Rest for the first 2 to 3 days. Use ice, a bandage and raise your leg to keep the "
            "swelling down. Pain relief from a pharmacy can help.",
            "physical-therapy": "If the strain keeps coming back, see a physical therapist. They can give you "
            "exercises to stretch the muscle and make it stronger.",
            "medical-evaluation": "See a doctor if the pain does not get better with rest. Go to the emergency "
            "department at once if the pain is severe, or if you felt a pop and cannot push off your foot.",
        },
        sources=(NHS_SPRAINS, MAYO),
    ),
    ConditionEntry(
        slug="plantar-fasciitis",
        name="Plantar fasciitis",
        category="biomechanical-factors",
        summary="Plantar fasciitis is pain in the thick band of tissue under your foot. It can change the way "
        "you step, so your ankle takes more load than it should.",
        overview=cleandoc(
            """
            The plantar fascia is a thick band of tissue along the sole of your foot. It runs from your heel to
            your toes and supports your arch. When it gets sore, you may change the way you walk and run
            without noticing. That puts extra load on your ankle.
            """
        ),
        symptoms=cleandoc(
            """
            - pain under the heel or along the sole of the foot
            - pain with your first steps in the morning
            - pain after a run, more than during it
            """
        ),
        causes=cleandoc(
            """
            - flat feet or high arches
            - tight calf muscles
            - shoes without good arch support
            - adding distance too fast
            """
        ),
        order=6,
        treatment={
            "self-care": "Rest from running for a while. Stretch your calves and the sole of your foot. Wear "
            "shoes with good arch support. Ice can ease the pain.",
            "physical-therapy": "A physical therapist can give you stretches and exercises for your foot and calf. "
            "They can also check the way you run.",
            "medical-evaluation": "See a doctor if the pain lasts for weeks. They can rule out other causes and "
            "may suggest shoe inserts.",
            "advanced-treatment": "Rarely, a doctor may suggest a cortisone shot. Cortisone is a strong medicine "
            "that calms swelling. Surgery is very rare.",
        },
        sources=(MAYO,),
    ),
    ConditionEntry(
        slug="flat-feet-and-high-arches",
        name="Flat feet and high arches",
        category="biomechanical-factors",
        summary="The shape of your foot changes how each step lands. Flat feet and high arches can put uneven "
        "load on your ankle. Over time, this can cause pain.",
        overview=cleandoc(
            """
            The arch is the curve on the inner side of your foot. With flat feet, the arch is low or missing.
            The foot may roll inward as you land. With high arches, the foot may roll outward and soak up less
            shock. Either way, some parts of the ankle work harder than others.
            """
        ),
        symptoms=cleandoc(
            """
            - ankle or foot pain that builds up over many runs
            - tired, aching feet after running
            - shoes that wear down more on one side
            """
        ),
        causes=cleandoc(
            """
            - the shape your feet were born with
            - running in shoes that do not suit your foot type
            - weak muscles in the foot and ankle
            """
        ),
        order=7,
        treatment={
            "self-care": "Wear running shoes that suit your foot type. A fitting at a running store can help "
            "you choose. If your ankle is sore, rest and use ice.",
            "physical-therapy": "A physical therapist can check the way you run. They can give you exercises to "
            "make your foot and ankle stronger.",
            "medical-evaluation": "See a doctor or a foot specialist if the pain keeps coming back. They may "
            "suggest shoe inserts that support your arch.",
        },
        sources=(MAYO,),
    ),
    ConditionEntry(
        slug="worn-or-unsuitable-shoes",
        name="Worn or unsuitable shoes",
        category="improper-footwear",
        summary="Running shoes that are worn out, or wrong for your feet, give less cushion and support. "
        "Your ankle then takes more of the shock of each step.",
        overview=cleandoc(
            """
            Shoes lose their cushion and support as you run in them, even when they still look fine. A shoe
            can also be wrong for your foot. It may not hold up your arch, or it may not soften the impact enough.
            """
        ),
        symptoms=cleandoc(
            """
            - aching ankles or feet after runs that used to feel easy
            - shoes with flat, worn soles or uneven wear
            - pain that eases when you switch to a new pair
            """
        ),
        causes=cleandoc(
            """
            - running too many miles in the same pair
            - shoes that do not match your foot type or the way you run
            """
        ),
        order=8,
        treatment={
            "self-care": "Replace shoes that are worn out. Get new ones fitted to your feet and the way you run. "
            "If your ankle is sore, rest and use ice.",
            "physical-therapy": "A physical therapist can look at the way you run. They can help you choose "
            "shoes that suit you.",
            "medical-evaluation": "See a doctor if the pain does not go away with new shoes and rest.",
        },
        sources=(MAYO,),
    ),
    ConditionEntry(
        slug="chronic-ankle-instability",
        name="Chronic ankle instability",
        category="previous-injuries",
        summary="Chronic means long-lasting. After a sprain, an ankle can stay weak and wobbly, mainly without "
        "rehab (exercises to help it recover). Then it gives way and gets hurt again easily.",
        overview=cleandoc(
            """
            A sprain stretches or tears the ligaments that hold the ankle steady. Rehab means exercises, often
            with a physical therapist, that help an injured body part recover. Without rehab, the ligaments
            and muscles may not get their strength and balance back. The ankle can then keep rolling, even on
            flat ground.
            """
        ),
        symptoms=cleandoc(
            """
            - an ankle that gives way or feels wobbly
            - sprains that keep coming back
            - pain or swelling that keeps returning
            """
        ),
        causes=cleandoc(
            """
            - one or more ankle sprains in the past
            - no rehab after an earlier injury
            - weak ankle muscles and poor balance
            """
        ),
        order=9,
        treatment={
            "self-care": "After the ankle gives way, rest it and use ice, a bandage and raise your foot for the "
            "first 2 to 3 days.",
            "physical-therapy": "Rehab with a physical therapist is the main treatment. Balance and strength "
            "exercises help the ankle become steady again.",
            "medical-evaluation": "See a doctor if the ankle keeps giving way even after rehab. An MRI scan can "
            "check the ligaments. It takes pictures inside your body with a strong magnet.",
            "advanced-treatment": "If rehab does not work, surgery to repair or tighten the ligaments may help.",
        },
        sources=(NHS_SPRAINS, MAYO),
    ),
)
