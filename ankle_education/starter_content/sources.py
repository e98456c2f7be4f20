"""The public references the starter library is written from."""

from __future__ import annotations

import datetime

from ankle_education.starter_content.entries import SourceEntry

ACCESSED_ON = datetime.date(2026, 11, 26)

SOURCES = (
    SourceEntry(
        key="nhs-sprains-and-strains",
        title="Sprains and strains",
        publisher="NHS",
        url="https://www.nhs.uk/conditions/sprains-and-strains/",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="mayo-ankle-pain",
        title="Ankle pain: when to see a doctor",
        publisher="Mayo Clinic",
        url="https://www.mayoclinic.org/symptoms/ankle-pain/basics/when-to-see-doctor/sym-20050796",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="nhs-service-manual-when-to-get-care",
        title="Help users decide when and where to get care",
        publisher="NHS digital service manual",
        url="https://service-manual.nhs.uk/design-system/patterns/help-users-decide-when-and-where-to-get-care/",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="mdcalc-ottawa-ankle-rule",
        title="Ottawa Ankle Rule",
        publisher="MDCalc",
        url="https://www.mdcalc.com/calc/1670/ottawa-ankle-rule",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="readability-of-patient-brochures",
        title="Readability assessment of American Shoulder and Elbow Surgeons patient brochures "
        "with suggestions for improvement",
        publisher="JSES Open Access, via PubMed Central",
        url="https://pmc.ncbi.nlm.nih.gov/articles/PMC6334864/",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="nhs-dvt",
        title="DVT (deep vein thrombosis)",
        publisher="NHS",
        url="https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="nhs-compartment-syndrome",
        title="Compartment syndrome",
        publisher="NHS",
        url="https://www.nhs.uk/conditions/compartment-syndrome/",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="mayo-stress-fractures",
        title="Stress fractures: symptoms and causes",
        publisher="Mayo Clinic",
        url="https://www.mayoclinic.org/diseases-conditions/stress-fractures/symptoms-causes/syc-20354057",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="nhs-achilles-tendinopathy",
        title="Achilles tendinopathy",
        publisher="NHS",
        url="https://www.nhs.uk/conditions/achilles-tendinopathy/",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="mayo-achilles-rupture",
        title="Achilles tendon rupture: symptoms and causes",
        publisher="Mayo Clinic",
        url="https://www.mayoclinic.org/diseases-conditions/achilles-tendon-rupture/symptoms-causes/syc-20353234",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="nhs-plantar-fasciitis",
        title="Plantar fasciitis",
        publisher="NHS",
        url="https://www.nhs.uk/conditions/plantar-fasciitis/",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="bjsm-peace-and-love",
        title="Soft-tissue injuries simply need PEACE and LOVE (Dubois and Esculier, 2020)",
        publisher="British Journal of Sports Medicine",
        url="https://bjsm.bmj.com/content/54/2/72",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="nhs-ibuprofen",
        title="Ibuprofen for adults",
        publisher="NHS",
        url="https://www.nhs.uk/medicines/ibuprofen-for-adults/",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="nhs-borders-peroneal-tendinopathy",
        title="MSK Peroneal tendinopathy (lateral ankle pain)",
        publisher="NHS Borders, Right Decisions (NHS Scotland)",
        url="https://www.rightdecisions.scot.nhs.uk/borders-ref-help-toolkit/podiatry/msk-peroneal-tendinopathy-lateral-ankle-pain",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="elht-peroneal-tendinopathy",
        title="Outer ankle pain: peroneal tendinopathy",
        publisher="East Lancashire Hospitals NHS Trust",
        url="https://elht.nhs.uk/services/integrated-msk-pain-and-rheumatology-service/outer-anklepain-peroneal-tendinopathy",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="bjsm-ankle-sprain-guideline",
        title="Diagnosis, treatment and prevention of ankle sprains: update of an evidence-based clinical "
        "guideline (Vuurberg et al., 2018)",
        publisher="British Journal of Sports Medicine",
        url="https://bjsm.bmj.com/content/early/2018/03/07/bjsports-2017-098106",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="iac-chronic-ankle-instability",
        title="Selection Criteria for Patients With Chronic Ankle Instability in Controlled Research: "
        "A Position Statement of the International Ankle Consortium",
        publisher="Journal of Athletic Training, via PubMed Central",
        url="https://pmc.ncbi.nlm.nih.gov/articles/PMC3917288/",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="nhs-wales-flat-feet",
        title="Flat feet",
        publisher="NHS 111 Wales",
        url="https://111.wales.nhs.uk/encyclopaedia/f/article/flatfeet",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="patient-info-flat-feet",
        title="Flat Feet and Fallen Arches",
        publisher="Patient.info",
        url="https://patient.info/foot-care/heel-and-foot-pain-plantar-fasciitis/flat-feet-and-fallen-arches",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="mayo-stretching",
        title="Stretching and flexibility",
        publisher="Mayo Clinic",
        url="https://www.mayoclinic.org/healthy-lifestyle/fitness/basics/stretching-and-flexibility/hlv-20049447",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="cleveland-clinic-stress-fracture-prevention",
        title="Stress fractures: prevention",
        publisher="Cleveland Clinic",
        url="https://my.clevelandclinic.org/health/diseases/15841-stress-fractures/prevention",
        accessed_on=ACCESSED_ON,
    ),
    SourceEntry(
        key="bone-stress-injury-risk-review",
        title="Training Load Capacity, Cumulative Risk, and Bone Stress Injuries: A Narrative Review of a "
        "Holistic Approach (Hamstra-Wright et al., 2021)",
        publisher="Frontiers in Sports and Active Living, via PubMed Central",
        url="https://pmc.ncbi.nlm.nih.gov/articles/PMC8192811/",
        accessed_on=ACCESSED_ON,
    ),
)
