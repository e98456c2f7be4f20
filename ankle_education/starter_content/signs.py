"""The "when to seek help" checklist: every sign states one thing a patient can tell.

Levels follow ../shared/DESIGN.md ("Urgency") and the sources each sign names. Where the
sources differ, the sign sits at the more cautious level, and this says which source we followed:
- a heard crack, or not being able to put weight on the foot, is "get seen today": NHS sprains and
  strains sends both to an urgent treatment centre or A&E, and the Ottawa ankle rules ask for an
  X-ray; a misshapen ankle or a cold, numb or discolored foot is an emergency (NHS);
- redness with heat is a sign of infection with or without a fever (Mayo Clinic), so the sign is
  "any of", not "fever and a red, hot, swollen ankle"; a high temperature with feeling very
  unwell is an emergency (NHS sprains and strains: A&E);
- sudden breathlessness or chest pain is an emergency whatever else is ticked (NHS, DVT), so it
  is its own sign rather than "calf swelling and breathlessness";
- a tight, hard lower leg with pain far worse than expected is an EMERGENCY here, one level above
  DESIGN.md's "get seen today": NHS (compartment syndrome) says to call 999 for sudden, severe
  pain, and acute compartment syndrome needs surgery within hours (clinical review, 2026-12);
- not being able to stand on tiptoe is on every checklist, not only the Achilles page: a torn
  Achilles tendon is often taken for a calf strain (Mayo Clinic, Achilles tendon rupture);
- swelling or bruising, which every sprain has, is not a sign by itself; a lot of it is routine,
  and a bruise never counts as a "discolored" foot.
The Ottawa ankle rules only ever raise the level (bone tenderness, four steps), never lower it.
"""

from __future__ import annotations

from ankle_education.starter_content.entries import WarningSignEntry

EMERGENCY = "emergency"
URGENT = "urgent"
ROUTINE = "routine"

# Source keys (sources.py).
NHS_SPRAINS = "nhs-sprains-and-strains"
MAYO_ANKLE = "mayo-ankle-pain"
OTTAWA = "mdcalc-ottawa-ankle-rule"
NHS_DVT = "nhs-dvt"
NHS_COMPARTMENT = "nhs-compartment-syndrome"
MAYO_STRESS = "mayo-stress-fractures"
NHS_ACHILLES = "nhs-achilles-tendinopathy"
MAYO_ACHILLES = "mayo-achilles-rupture"
NHS_PLANTAR = "nhs-plantar-fasciitis"

WARNING_SIGNS = (
    # Emergency: call the emergency number or go to the emergency department now.
    WarningSignEntry(
        key="misshapen-or-bone-showing",
        text="Your ankle or foot is bent or out of place, not just swollen, or you have a deep wound or a bone "
        "poking through the skin",
        explanation="This can mean a broken or out-of-place bone. A deep wound can get infected.",
        urgency=EMERGENCY,
        order=10,
        sources=(NHS_SPRAINS, MAYO_ANKLE),
    ),
    WarningSignEntry(
        key="numb-cold-or-discoloured",
        text="Your foot or toes are cold, you cannot feel them, or they have turned pale or gray",
        explanation="Blood or nerves to the foot may be cut off. A bruise does not count. On dark skin, look at "
        "the soles and the nail beds.",
        urgency=EMERGENCY,
        order=20,
        sources=(NHS_SPRAINS,),
    ),
    WarningSignEntry(
        key="breathless-or-chest-pain",
        text="You are suddenly short of breath, or you have chest pain",
        explanation="With a painful or swollen calf, this can mean a blood clot has moved to your lungs.",
        urgency=EMERGENCY,
        order=30,
        sources=(NHS_DVT,),
    ),
    WarningSignEntry(
        key="fever-and-very-unwell",
        text="You have a high temperature and feel very unwell, shivery or confused",
        explanation="This can mean an infection has spread into your blood. It needs treatment straight away.",
        urgency=EMERGENCY,
        order=35,
        sources=(NHS_SPRAINS,),
    ),
    WarningSignEntry(
        key="tight-hard-leg-or-pain-out-of-proportion",
        text="Your lower leg feels tight and hard, and the pain is far worse than you would expect or gets worse "
        "when you move your toes",
        explanation="Pressure can build up in the muscles after an injury or a hard race. It needs surgery "
        "within hours.",
        urgency=EMERGENCY,
        order=38,
        sources=(NHS_COMPARTMENT,),
    ),
    WarningSignEntry(
        key="faint-or-sick-from-pain",
        text="The pain makes you feel faint, dizzy or sick",
        explanation="Pain this strong needs a doctor to check for a serious injury.",
        urgency=EMERGENCY,
        order=40,
        sources=(NHS_SPRAINS,),
    ),
    # Urgent: get seen today.
    WarningSignEntry(
        key="cannot-bear-weight",
        text="You cannot put weight on your foot, or you cannot take four steps on it",
        explanation="This can mean a broken bone. You may need an X-ray, a picture of your bones.",
        urgency=URGENT,
        order=110,
        sources=(OTTAWA, NHS_SPRAINS),
    ),
    WarningSignEntry(
        key="heard-a-crack",
        text="You heard a crack or felt a snap in your ankle when you hurt it",
        explanation="This can mean a broken bone, even if you can still walk.",
        urgency=URGENT,
        order=120,
        sources=(NHS_SPRAINS,),
    ),
    WarningSignEntry(
        key="snap-or-kick-at-back-of-heel",
        text="You felt a sudden snap, pop or kick at the back of your heel or calf",
        explanation="Your Achilles tendon may be torn. Many people can still walk with a torn tendon.",
        urgency=URGENT,
        order=130,
        sources=(MAYO_ACHILLES, NHS_ACHILLES),
    ),
    WarningSignEntry(
        key="cannot-stand-on-tiptoe",
        text="You cannot rise onto your toes on the sore leg alone, but you can on the other leg",
        explanation="This can mean the Achilles tendon has torn, even if it felt like a pulled calf muscle.",
        urgency=URGENT,
        order=135,
        sources=(MAYO_ACHILLES, NHS_ACHILLES),
    ),
    WarningSignEntry(
        key="red-hot-or-fever",
        text="Your ankle, foot or leg is red and hot, or a red area is spreading, or you have a fever",
        explanation="This can mean an infection, even without a fever. A fever is a temperature of "
        "100°F (37.8°C) or higher.",
        urgency=URGENT,
        order=140,
        sources=(MAYO_ANKLE,),
    ),
    WarningSignEntry(
        key="one-calf-painful-or-swollen",
        text="One calf is swollen, or it throbs or cramps and the skin there is warm or red",
        explanation="This can mean a blood clot in a vein deep in your leg. Both calves aching after a run "
        "does not count.",
        urgency=URGENT,
        order=150,
        sources=(NHS_DVT,),
    ),
    # Routine: book an appointment.
    WarningSignEntry(
        key="pain-at-rest-or-night",
        text="Pain that built up over weeks of running now hurts when you rest, or wakes you at night",
        explanation="This can mean a stress fracture. That is a small crack in a bone from repeated "
        "impact.",
        urgency=ROUTINE,
        order=210,
        sources=(MAYO_STRESS,),
    ),
    WarningSignEntry(
        key="tingling",
        text="You have tingling, pins and needles, or numbness that comes and goes in your foot",
        explanation="A nerve in your foot or ankle may be squeezed or irritated.",
        urgency=ROUTINE,
        order=220,
        sources=(NHS_PLANTAR,),
    ),
    WarningSignEntry(
        key="diabetes-and-foot-pain",
        text="You have diabetes and your foot or ankle hurts",
        explanation="Foot problems can be more serious when you have diabetes.",
        urgency=ROUTINE,
        order=230,
        sources=(NHS_PLANTAR,),
    ),
    WarningSignEntry(
        key="a-lot-of-swelling-or-bruising",
        text="Your ankle has a lot of swelling or bruising",
        explanation="Some swelling and bruising is normal after a sprain. A lot can mean a worse injury.",
        urgency=ROUTINE,
        order=240,
        sources=(MAYO_ANKLE, NHS_SPRAINS),
    ),
    WarningSignEntry(
        key="swelling-not-going-down",
        text="The swelling has not gone down after 2 to 5 days of home care",
        explanation="Home care means short rest, ice, a bandage and raising your foot.",
        urgency=ROUTINE,
        order=250,
        sources=(MAYO_ANKLE,),
    ),
    WarningSignEntry(
        key="not-better-after-a-week",
        text="Your ankle is not better after a week of home care",
        explanation="Pain that lasts needs a check to find the cause.",
        urgency=ROUTINE,
        order=260,
        sources=(NHS_SPRAINS, MAYO_ANKLE),
    ),
    WarningSignEntry(
        key="worse-with-activity",
        text="The pain gets worse when you are active",
        explanation="For example, it hurts more when you walk, run or climb stairs.",
        urgency=ROUTINE,
        order=270,
        sources=(MAYO_STRESS,),
    ),
    WarningSignEntry(
        key="unstable",
        text="Your ankle feels weak or wobbly, or it gives way",
        explanation="This can mean a ligament is loose or torn. Ligaments are the bands that hold the joint "
        "together.",
        urgency=ROUTINE,
        order=280,
        sources=(NHS_SPRAINS,),
    ),
    WarningSignEntry(
        key="keeps-getting-hurt",
        text="You keep hurting the same ankle",
        explanation="Injuries that come back can mean a problem with how your foot or leg moves. "
        "This can be treated.",
        urgency=ROUTINE,
        order=290,
        sources=(NHS_SPRAINS,),
    ),
    # Signs on one condition's own checklist (conditions.py links them).
    WarningSignEntry(
        key="ottawa-bone-tenderness",
        text="The back edge or tip of the bony bump on either side of your ankle hurts when you press it",
        explanation="After a twist, this can mean a broken bone. Doctors use this check to decide on an X-ray.",
        urgency=URGENT,
        order=180,
        applies_to_all_conditions=False,
        sources=(OTTAWA,),
    ),
    WarningSignEntry(
        key="ottawa-foot-bone-tenderness",
        text="After a twist, the bone on the outer edge of your foot, behind the little toe, hurts when you press it",
        explanation="This can mean a broken bone in the foot. Doctors use this check to decide on an X-ray.",
        urgency=URGENT,
        order=190,
        applies_to_all_conditions=False,
        sources=(OTTAWA,),
    ),
    WarningSignEntry(
        key="sore-spot-on-bone",
        text="One spot on a bone hurts when you press it",
        explanation="Pain in one small spot can mean a stress fracture.",
        urgency=ROUTINE,
        order=300,
        applies_to_all_conditions=False,
        sources=(MAYO_STRESS,),
    ),
    WarningSignEntry(
        key="heel-pain-not-better-after-2-weeks",
        text="Your heel pain is not better after 2 weeks of home care",
        explanation="A doctor or physical therapist can check the cause and help it heal.",
        urgency=ROUTINE,
        order=310,
        applies_to_all_conditions=False,
        sources=(NHS_PLANTAR,),
    ),
)

# Signs of the first starter library that this one replaced, by their new key: a site that
# loaded the first library gets the new wording on the same row.
RENAMED_WARNING_SIGNS = {
    "numb-cold-or-blue": "numb-cold-or-discoloured",
    "fever-with-hot-swollen-ankle": "red-hot-or-fever",
    "pop-then-cannot-push-off": "snap-or-kick-at-back-of-heel",
}

# Signs of the first starter library that this one dropped: "severe" pain or swelling sent
# people to the emergency department, and plain swelling or bruising, which every sprain has,
# to an appointment. The loader archives them where staff have not changed them.
RETIRED_WARNING_SIGNS = ("severe-pain-or-swelling", "swollen", "bruised")
