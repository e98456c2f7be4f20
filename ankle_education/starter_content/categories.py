"""The five kinds of cause behind ankle pain after running."""

from __future__ import annotations

from inspect import cleandoc

from ankle_education.starter_content.entries import CategoryEntry

CATEGORIES = (
    CategoryEntry(
        slug="overuse-injuries",
        name="Overuse injuries",
        summary="Each step of a run puts stress on your ankle. Over many runs, this can wear down tendons and bones.",
        body=cleandoc(
            """
            An overuse injury builds up slowly. No single step causes it. It comes from the same load,
            again and again, with too little time to recover.

            - **Tendinopathy** (a sore tendon that has taken more load than it can handle). A tendon is the
              tough cord that joins a muscle to a bone. Tendinitis is the older name for it. Runners often get
              it in the Achilles tendon, at the back of the ankle, or in the peroneal tendons, on the outer side.
            - **Stress fracture** (a tiny crack in a bone). It comes from the pounding of many runs,
              not from one fall. It can cause ankle pain that does not go away.
            """
        ),
        order=1,
    ),
    CategoryEntry(
        slug="acute-injuries",
        name="Acute injuries",
        summary="Acute means sudden. These injuries happen in one moment, like rolling your ankle on a bumpy path.",
        body=cleandoc(
            """
            A sudden injury has a clear start. You can often say the exact moment it happened.

            - **Sprain**. Rolling your ankle can stretch or tear a ligament. A ligament is a strong band
              that holds two bones together at a joint.
            - **Muscle strain** (a pulled muscle). A muscle can tear a little when you ask more of it
              than it is ready for. This is more likely if you skip your warm-up or have not trained for the effort.
            """
        ),
        order=2,
    ),
    CategoryEntry(
        slug="biomechanical-factors",
        name="Biomechanical factors",
        summary="This means the way your body is built and the way you run. Both can put too much load on your ankle.",
        body=cleandoc(
            """
            The shape of your feet and the way you move decide where the load of each step lands.
            If the load is uneven, one part of the ankle works too hard. Over time, that part gets sore or hurt.

            Things that can cause this:

            - flat feet or high arches
            - plantar fasciitis (a sore band of tissue under the foot)
            - the way your feet land and push off when you run
            """
        ),
        order=3,
    ),
    CategoryEntry(
        slug="improper-footwear",
        name="Improper footwear",
        summary="Shoes that are worn out or wrong for your feet do not cushion or steady your ankle well.",
        body=cleandoc(
            """
            A good running shoe soaks up some of the shock of each step. It also helps keep your ankle steady.
            Shoes lose both of these as they wear out, even if they still look fine.

            A shoe can also be wrong for your foot type. It may not hold up your arch, or it may not soften
            the impact enough. Either way, your ankle takes more of the load.
            """
        ),
        order=4,
    ),
    CategoryEntry(
        slug="previous-injuries",
        name="Previous injuries",
        summary="An old ankle injury can make new pain more likely, mainly if it did not get the right rehab.",
        body=cleandoc(
            """
            After a sprain or other injury, an ankle needs rehab to get its strength and balance back.
            Rehab means exercises, often with a physical therapist, that help an injured body part recover.

            Without rehab, the ankle can stay weak and wobbly. A wobbly ankle is easier to hurt again.
            """
        ),
        order=5,
    ),
)
