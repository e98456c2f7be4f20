"""The conditions behind ankle pain after running, each with what to do at each treatment tier."""

from __future__ import annotations

from inspect import cleandoc

from ankle_education.starter_content.entries import ConditionEntry

# Source keys (sources.py).
MAYO = "mayo-ankle-pain"
NHS_SPRAINS = "nhs-sprains-and-strains"
OTTAWA = "mdcalc-ottawa-ankle-rule"
MAYO_STRESS = "mayo-stress-fractures"
CLEVELAND_STRESS = "cleveland-clinic-stress-fracture-prevention"
BONE_STRESS_REVIEW = "bone-stress-injury-risk-review"
NHS_ACHILLES = "nhs-achilles-tendinopathy"
MAYO_ACHILLES = "mayo-achilles-rupture"
NHS_PLANTAR = "nhs-plantar-fasciitis"
NHS_PERONEAL = "nhs-borders-peroneal-tendinopathy"
ELHT_PERONEAL = "elht-peroneal-tendinopathy"
SPRAIN_GUIDELINE = "bjsm-ankle-sprain-guideline"
IAC_INSTABILITY = "iac-chronic-ankle-instability"
NHS_FLAT_FEET = "nhs-wales-flat-feet"
PATIENT_FLAT_FEET = "patient-info-flat-feet"

# Shared wording: the same facts say the same thing on every page.
CORTISONE_NOT_NEAR_ACHILLES = (
    "Doctors avoid cortisone shots near the Achilles tendon, the thick cord at the back of the ankle. "
    "There, cortisone can weaken the tendon and make a tear more likely."
)

CONDITIONS = (
    ConditionEntry(
        slug="achilles-tendinitis",
        name="Achilles tendinopathy (tendinitis)",
        also_called="Achilles tendonitis, Achilles tendinosis, sore heel cord",
        category="overuse-injuries",
        summary="Achilles tendinopathy is a sore, stiff Achilles tendon. This is the thick cord at the back "
        "of your ankle. It often comes from running more than your body is used to.",
        overview=cleandoc(
            """
            Tendinopathy is the name doctors use now for a sore tendon that has taken more load than
            it can handle. Many people still call it tendinitis, which is the older name. The Achilles
            tendon joins your calf muscle to your heel bone. It takes a lot of force each time you push
            off while running.
            """
        ),
        symptoms=cleandoc(
            """
            - pain and stiffness at the back of the ankle, just above the heel
            - pain that is worse at the start of a run, or the morning after
            - a tender or thick feel when you squeeze the tendon

            **A torn tendon feels different.** It often feels as if someone kicked the back of your heel.
            You may hear or feel a snap or a pop. Many people can still walk after a tear, so do not wait:
            get seen the same day.
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
            "self-care": "Take a break from running and hills. Keep walking and moving gently, as far as pain "
            "allows. Ice wrapped in a towel, for up to 20 minutes at a time, can ease the pain. Ask a pharmacist "
            "which pain relief is safe for you.",
            "physical-therapy": "A physical therapist will give you calf and tendon exercises. These slowly build "
            "up how much load the tendon can take. They also plan your return to running.",
            "medical-evaluation": "See a doctor if the pain does not ease after a few weeks of care, or if walking "
            "is hard. Get seen the same day if you think the tendon is torn. An MRI scan can show a tear. It takes "
            "pictures inside your body with a strong magnet.",
            "advanced-treatment": "Cortisone is a strong medicine that calms swelling. "
            f"{CORTISONE_NOT_NEAR_ACHILLES} In rare cases, when months of care have not worked, a specialist may "
            "talk with you about surgery.",
        },
        sources=(NHS_ACHILLES, MAYO_ACHILLES, MAYO),
        warning_signs=(),
    ),
    ConditionEntry(
        slug="peroneal-tendinitis",
        name="Peroneal tendinopathy (tendinitis)",
        also_called="peroneal tendonitis, fibular tendinopathy",
        category="overuse-injuries",
        summary="Peroneal tendinopathy is a sore tendon on the outer side of the ankle. A tendon is a strong "
        "cord that joins a muscle to a bone. It often comes from a sudden jump in running, or from uneven ground.",
        overview=cleandoc(
            """
            Tendinopathy is the name doctors use now for a sore tendon that has taken more load than it
            can handle. Many people still call it tendinitis, which is the older name. The peroneal
            tendons run down the outer side of your lower leg. They pass behind the bump on the outside
            of your ankle and attach to your foot. They help keep your ankle steady.
            """
        ),
        symptoms=cleandoc(
            """
            - pain behind or below the bump on the outer side of the ankle
            - pain that starts slowly and gets worse over time
            - pain when you start to move after a rest, or first thing in the morning
            - some swelling on the outer side of the ankle
            """
        ),
        causes=cleandoc(
            """
            - a sudden increase in how much you run
            - running on uneven ground
            - an old ankle sprain, or an ankle that feels wobbly
            - shoes that do not support your foot
            """
        ),
        order=2,
        treatment={
            "self-care": "Cut back on running for a while, but keep moving gently, as far as pain allows. "
            "Resting too much can make the tendon weaker. Wear shoes that support your foot, mainly on uneven "
            "ground. Ask a pharmacist which pain relief is safe for you.",
            "physical-therapy": "A physical therapist can give you exercises that slowly make the tendon and the "
            "muscles on the outer side of your ankle stronger. This can take 3 to 12 months.",
            "medical-evaluation": "See a doctor if the pain lasts even with self-care, or if the ankle feels weak. "
            "An MRI scan can check the tendons for a tear. It takes pictures inside your body with a strong magnet.",
            "advanced-treatment": "Rarely, a doctor may suggest a cortisone shot, or surgery to repair a torn "
            f"tendon. Cortisone is a strong medicine that calms swelling. {CORTISONE_NOT_NEAR_ACHILLES}",
        },
        sources=(NHS_PERONEAL, ELHT_PERONEAL, MAYO_ACHILLES),
    ),
    ConditionEntry(
        slug="stress-fracture",
        name="Stress fracture",
        also_called="hairline fracture, cracked bone, broken bone, bone stress injury",
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
            - pain that gets worse when you run or are active
            - at first, pain that eases with rest
            - later, pain that is there even when you rest
            - one spot on the bone that hurts when you press on it, sometimes with some swelling
            """
        ),
        causes=cleandoc(
            """
            Some things make a stress fracture more likely:

            - a sudden increase in how far, how fast or how often you run
            - not eating enough for the amount you train
            - periods that have stopped or come only now and then
            - low calcium or vitamin D
            - low bone density, which means weak, thin bones
            - a stress fracture in the past
            - flat feet or high arches, and worn shoes

            Not eating enough for your training can stop periods and weaken bones. Doctors call this
            relative energy deficiency in sport, or RED-S. It can affect men too.
            """
        ),
        order=3,
        treatment={
            "self-care": "Stop running and other activities that hurt. Running on a stress fracture can make "
            "the crack worse. Ice wrapped in a towel can ease the pain. Book a visit with a doctor to get it "
            "checked.",
            "physical-therapy": "Once the bone has healed, a physical therapist can help you build back up. "
            "They plan a slow, safe return to running.",
            "medical-evaluation": "See a doctor if you think you have a stress fracture. They may send you for "
            "an X-ray or an MRI scan. Both take pictures of the inside of your leg: an X-ray shows bone, and an MRI "
            "scan uses a strong magnet to show soft parts too. A very small crack may not show on an X-ray at first. "
            "You may need a boot or crutches for a while.",
            "advanced-treatment": "Rarely, a bone does not heal with rest and needs surgery.",
        },
        sources=(MAYO_STRESS, CLEVELAND_STRESS, BONE_STRESS_REVIEW, MAYO),
        warning_signs=("sore-spot-on-bone",),
    ),
    ConditionEntry(
        slug="ankle-sprain",
        name="Ankle sprain",
        also_called="sprained ankle, rolled ankle, twisted ankle, turned ankle",
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
            "self-care": "For the first 2 to 3 days, protect and rest the ankle. Use ice wrapped in a towel for "
            "up to 20 minutes every 2 to 3 hours. Wrap it in a bandage and raise your foot. Stay away from heat, "
            "alcohol and massage. Then start to move it gently, as far as pain allows. Do not run for up to 8 weeks "
            "after a bad sprain.",
            "physical-therapy": "A physical therapist can help you get your strength and balance back. This lowers "
            "the chance of spraining the same ankle again.",
            "medical-evaluation": "Get seen today if you cannot put weight on it or take four steps, if you heard "
            "a crack, or if the bone hurts when you press it. See a doctor if it is not better after a few days. An "
            "X-ray can check for a broken bone. It is a quick picture of the bones inside your ankle.",
            "advanced-treatment": "Rarely, a ligament is so badly torn that it needs surgery.",
        },
        sources=(NHS_SPRAINS, MAYO, OTTAWA, SPRAIN_GUIDELINE),
        warning_signs=("ottawa-bone-tenderness", "ottawa-foot-bone-tenderness"),
    ),
    ConditionEntry(
        slug="muscle-strain",
        name="Muscle strain",
        also_called="pulled muscle, torn muscle, calf strain",
        category="acute-injuries",
        summary="A strain is a pulled or torn muscle. Around the ankle, it is often in the calf. It happens "
        "when a muscle is asked to do more than it is ready for.",
        overview=cleandoc(
            """
            A muscle strain happens when the muscle fibers stretch too far and tear a little. The muscles of the
            calf and lower leg work hard in every running step. They are more likely to strain if you skip your
            warm-up, or if they are tired.
            """
        ),
        symptoms=cleandoc(
            """
            - sudden pain in the calf or lower leg during a run
            - pain when you move or stretch the muscle
            - swelling, bruising, or a muscle that cramps or tightens on its own
            """
        ),
        causes=cleandoc(
            """
            - no warm-up before running
            - tired muscles
            - a sudden burst of speed that overstretches the muscle
            """
        ),
        order=5,
        treatment={
            "self-care": "For the first 2 to 3 days, rest the muscle. Use ice wrapped in a towel and a bandage, "
            "and raise your leg. Stay away from heat, alcohol and massage. Then keep the muscle moving gently, "
            "as far as pain allows, so it does not get stiff.",
            "physical-therapy": "If the strain is slow to heal or keeps coming back, see a physical therapist. "
            "They can give you exercises to stretch the muscle and make it stronger.",
            "medical-evaluation": "See a doctor if the pain does not get better with home care. Get seen the same "
            "day if you felt a sudden snap, pop or kick at the back of your ankle or calf, or if you cannot stand on "
            "tiptoe. The Achilles tendon, the cord at the back of the ankle, may be torn. Many people can still walk "
            "with a torn tendon.",
        },
        sources=(NHS_SPRAINS, MAYO, MAYO_ACHILLES),
    ),
    ConditionEntry(
        slug="plantar-fasciitis",
        name="Plantar fasciitis",
        also_called="plantar heel pain, plantar fasciopathy, policeman's heel",
        category="biomechanical-factors",
        summary="Plantar fasciitis is pain in the thick band of tissue under your foot, around the heel and "
        "arch. Heel pain can make you change the way you step.",
        overview=cleandoc(
            """
            The plantar fascia is a thick band of tissue along the sole of your foot. It runs from your heel to
            your toes and supports your arch. When it gets sore, you may change the way you walk and run
            without noticing. That can put extra load on your ankle.
            """
        ),
        symptoms=cleandoc(
            """
            - pain under the heel or along the arch of the foot
            - pain with your first steps in the morning, or after a rest
            - pain that eases while you run but comes back after you stop
            """
        ),
        causes=cleandoc(
            """
            - starting to run or stand a lot more than usual
            - starting to run on hard ground
            - tight calf muscles
            - shoes with poor cushion or arch support
            """
        ),
        order=6,
        treatment={
            "self-care": "Rest your foot and raise it when you can. Put ice wrapped in a towel on the sore area "
            "for up to 20 minutes every 2 to 3 hours. Wear shoes with a cushioned heel and good arch support. "
            "Gently stretch your calves and the sole of your foot. Swimming is a good way to stay active.",
            "physical-therapy": "A physical therapist can give you stretches and exercises for your foot and calf. "
            "A foot specialist can suggest insoles and the right shoes.",
            "medical-evaluation": "See a doctor if the pain has not gotten better after 2 weeks of home care, or if "
            "it is severe or keeps coming back. Also see a doctor if you have tingling or numbness in your foot, or "
            "if you have diabetes. Diabetes can make foot problems more serious.",
            "advanced-treatment": "If other care has not helped, a doctor may suggest a cortisone shot. Cortisone is "
            f"a strong medicine that calms swelling. {CORTISONE_NOT_NEAR_ACHILLES} Surgery is rare.",
        },
        sources=(NHS_PLANTAR, MAYO_ACHILLES),
        warning_signs=("heel-pain-not-better-after-2-weeks",),
    ),
    ConditionEntry(
        slug="flat-feet-and-high-arches",
        name="Flat feet and high arches",
        also_called="fallen arches, pes planus, pes cavus",
        category="biomechanical-factors",
        summary="The shape of your foot changes how each step lands. Flat feet and high arches are common and "
        "often cause no trouble, but they can add to foot and ankle pain.",
        overview=cleandoc(
            """
            The arch is the curve on the inner side of your foot. With flat feet, the arch is low or missing,
            and the foot may roll inward as you land. With high arches, the arch is higher than usual. Runners
            with either foot shape are more likely to get a stress fracture, a tiny crack in a bone.
            """
        ),
        symptoms=cleandoc(
            """
            - feet or ankles that ache, feel stiff or feel weak
            - foot or ankle injuries that keep happening
            - trouble with balance
            """
        ),
        causes=cleandoc(
            """
            - the foot shape you were born with, which often runs in families
            - an injury, or wear and tear, that lets the arch drop later in life
            """
        ),
        order=7,
        treatment={
            "self-care": "Wear running shoes that fit well and suit your feet. Insoles that support your arch may "
            "help. If your foot or ankle is sore, cut back on running for a while.",
            "physical-therapy": "A physical therapist or a foot specialist can check the way you run. They can give "
            "you stretches and exercises for your feet.",
            "medical-evaluation": "See a doctor if your feet are painful, stiff, weak or numb, or if you often hurt "
            "your feet or ankles. Also see a doctor if only one foot is flat, or if your feet have become flatter.",
        },
        sources=(NHS_FLAT_FEET, PATIENT_FLAT_FEET, MAYO_STRESS),
    ),
    ConditionEntry(
        slug="worn-or-unsuitable-shoes",
        name="Worn or unsuitable shoes",
        also_called="old running shoes, worn-out trainers, poor footwear",
        category="improper-footwear",
        summary="Running shoes that are worn out, or wrong for your feet, give less cushion and support. "
        "Your feet and ankles then take more of the shock of each step.",
        overview=cleandoc(
            """
            Running shoes wear out as you run in them, and their cushion and support wear out too. A shoe can
            also be wrong for your foot. Worn shoes, and shoes with poor cushion or support, are linked with
            heel pain, sore tendons and stress fractures. A tendon is a strong cord that joins a muscle to a
            bone. A stress fracture is a tiny crack in a bone.
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
            - shoes that do not match your feet or the way you run
            """
        ),
        order=8,
        treatment={
            "self-care": "Replace shoes that are worn out. Get new ones fitted to your feet and the way you run. "
            "If your ankle is sore, cut back on running for a while.",
            "physical-therapy": "A physical therapist can look at the way you run. They can help you choose "
            "shoes that suit you.",
            "medical-evaluation": "See a doctor if the pain does not go away with new shoes and rest.",
        },
        sources=(MAYO_STRESS, CLEVELAND_STRESS, NHS_PLANTAR, NHS_PERONEAL),
    ),
    ConditionEntry(
        slug="chronic-ankle-instability",
        name="Chronic ankle instability",
        also_called="wobbly ankle, weak ankle, unstable ankle, ankle giving way",
        category="previous-injuries",
        summary="Chronic means long-lasting. After a sprain, an ankle can stay weak and wobbly and keep giving "
        "way. This is more likely without rehab, the exercises that help it recover.",
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
            "self-care": "After the ankle gives way, care for it like a new sprain. For the first 2 to 3 days, "
            "protect and rest it, use ice wrapped in a towel and a bandage, and raise your foot. Stay away from "
            "heat, alcohol and massage. Then start to move it gently, as far as pain allows.",
            "physical-therapy": "Rehab with a physical therapist is the main treatment. Balance and strength "
            "exercises help the ankle become steady again. A brace or tape can protect it while you train.",
            "medical-evaluation": "See a doctor if the ankle keeps giving way even after rehab. An MRI scan can "
            "check the ligaments. It takes pictures inside your body with a strong magnet.",
            "advanced-treatment": "If rehab does not work, surgery to repair or tighten the ligaments may help.",
        },
        sources=(IAC_INSTABILITY, SPRAIN_GUIDELINE, NHS_SPRAINS),
    ),
)
