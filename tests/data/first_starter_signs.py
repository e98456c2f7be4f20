"""The warning signs of the first starter library (before triage v2), for the upgrade tests."""

from __future__ import annotations

from ankle_education.starter_content.entries import WarningSignEntry

EMERGENCY = "emergency"
ROUTINE = "routine"

FIRST_WARNING_SIGNS = (
    WarningSignEntry(
        key="cannot-bear-weight",
        text="You cannot put any weight on your foot, or you cannot take four steps on it",
        explanation="This can mean a broken bone.",
        urgency=EMERGENCY,
        order=10,
    ),
    WarningSignEntry(
        key="misshapen-or-bone-showing",
        text="Your ankle looks the wrong shape, or it has an open wound or a bone poking through the skin",
        explanation="This can mean a broken or out-of-place bone. An open wound is a deep cut or tear in "
        "the skin. It can get infected.",
        urgency=EMERGENCY,
        order=20,
    ),
    WarningSignEntry(
        key="numb-cold-or-blue",
        text="Your foot is numb, cold or blue",
        explanation="Numb means you cannot feel it properly. The injury may be cutting off blood or nerves.",
        urgency=EMERGENCY,
        order=30,
    ),
    WarningSignEntry(
        key="pop-then-cannot-push-off",
        text="You felt a pop at the back of your ankle, and now you cannot push off with that foot",
        explanation="The Achilles tendon may have torn. This tendon joins your calf muscle to your heel.",
        urgency=EMERGENCY,
        order=40,
    ),
    WarningSignEntry(
        key="fever-with-hot-swollen-ankle",
        text="You have a fever and your ankle is red, hot and swollen",
        explanation="This can mean an infection. A fever is a temperature of 100°F (37.8°C) or higher.",
        urgency=EMERGENCY,
        order=50,
    ),
    WarningSignEntry(
        key="faint-or-sick-from-pain",
        text="The pain makes you feel faint, dizzy or sick",
        explanation="Pain this strong needs a doctor to check for a serious injury.",
        urgency=EMERGENCY,
        order=60,
    ),
    WarningSignEntry(
        key="heard-a-crack",
        text="You heard a crack when you hurt your ankle",
        explanation="A crack can mean a broken bone, even if you can still walk.",
        urgency=EMERGENCY,
        order=70,
    ),
    WarningSignEntry(
        key="severe-pain-or-swelling",
        text="The pain or swelling is severe",
        explanation="Severe means much worse than the ache you might have after a hard run.",
        urgency=EMERGENCY,
        order=120,
    ),
    WarningSignEntry(
        key="swelling-not-going-down",
        text="The swelling has not gone down after 2 to 5 days of home care",
        explanation="Home care means rest, ice, a bandage and raising your foot.",
        urgency=ROUTINE,
        order=130,
    ),
    WarningSignEntry(
        key="not-better-after-a-week",
        text="Your ankle is not better after a week of home care",
        explanation="Pain that lasts needs a check to find the cause.",
        urgency=ROUTINE,
        order=210,
    ),
    WarningSignEntry(
        key="worse-with-activity",
        text="The pain gets worse when you are active",
        explanation="For example, it hurts more when you walk, run or climb stairs.",
        urgency=ROUTINE,
        order=220,
    ),
    WarningSignEntry(
        key="swollen",
        text="Your ankle is swollen",
        explanation="It looks puffy or bigger than your other ankle.",
        urgency=ROUTINE,
        order=230,
    ),
    WarningSignEntry(
        key="bruised",
        text="Your ankle is bruised",
        explanation="A bruise is a dark or purple mark on the skin. It can mean something inside is hurt.",
        urgency=ROUTINE,
        order=240,
    ),
    WarningSignEntry(
        key="unstable",
        text="Your ankle feels weak or wobbly, or it gives way",
        explanation="This can mean a ligament is loose or torn. Ligaments are the bands that hold the joint together.",
        urgency=ROUTINE,
        order=250,
    ),
    WarningSignEntry(
        key="keeps-getting-hurt",
        text="You keep hurting the same ankle",
        explanation="Injuries that come back can mean a problem with how your foot or leg moves. "
        "This can be treated.",
        urgency=ROUTINE,
        order=260,
    ),
)
