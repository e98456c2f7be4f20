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
)
