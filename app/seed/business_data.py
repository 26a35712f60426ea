"""The business demo's data: fifteen fictional companies in Køge with their solutions and pledges,
and the workplace teams."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoCompany:
    name: str
    cvr: str
    area: str
    sector: str
    size: str
    address: str
    about: str
    solutions: tuple[tuple[str, str, str, str, str], ...]  # title, description, category,
    # effect, source
    pledge: tuple[str, int, str] | None = None  # title, months ahead, status


DEMO_COMPANIES = (
    DemoCompany(
        "Bugtens Bageri",
        "29900574",
        "koege-centrum",
        "food",
        "10-49",
        "Torvet 12, 4600 Køge",
        "Håndværksbageri med morgenbrød til halvdelen af Køge.",
        (
            (
                "Overskudsbrød til Too Good To Go",
                "Dagens rester sælges som poser om aftenen i stedet for at blive smidt ud.",
                "food",
                "ca. 40 poser om ugen",
                "Egen opgørelse 2025",
            ),
            (
                "Varme fra ovnene genbruges",
                "Overskudsvarmen fra ovnene varmer butik og lager op om vinteren.",
                "energy",
                "",
                "",
            ),
        ),
        ("Levere med el-ladcykel i midtbyen", 8, "under_way"),
    ),
    DemoCompany(
        "Havnens Tømrer & Snedker",
        "32721265",
        "koege-nord",
        "construction",
        "10-49",
        "Havnevej 4, 4600 Køge",
        "Tømrer og snedker med fokus på renovering frem for nybyg.",
        (
            (
                "Genbrug af byggetræ",
                "Rivningstræ sorteres og genbruges i nye projekter eller gives videre.",
                "circular",
                "12 tons træ genbrugt i 2025",
                "Vejesedler fra genbrugspladsen",
            ),
        ),
        ("Halvere affald til forbrænding", 18, "planned"),
    ),
    DemoCompany(
        "Køge Cykelværksted",
        "24327094",
        "koege-centrum",
        "retail",
        "1-9",
        "Brogade 21, 4600 Køge",
        "Reparation og salg af brugte cykler.",
        (
            (
                "Brugte cykler sættes i stand",
                "Vi køber brugte cykler, sætter dem i stand og giver 1 års garanti.",
                "circular",
                "",
                "",
            ),
        ),
    ),
    DemoCompany(
        "Herfølge Gartneri",
        "40085610",
        "herfoelge",
        "food",
        "10-49",
        "Gartnervej 3, 4681 Herfølge",
        "Økologiske grøntsager fra friland og drivhus.",
        (
            (
                "Regnvand til vanding",
                "Regnvand fra drivhustagene samles i et bassin og bruges til vanding.",
                "water",
                "−60 % vandværksvand",
                "Vandmåleraflæsninger 2023-2025",
            ),
            (
                "Blomsterstriber for bestøvere",
                "Markkanterne er sået til med hjemmehørende blomster.",
                "nature",
                "",
                "",
            ),
        ),
    ),
    DemoCompany(
        "Borup VVS & Energi",
        "26500001",
        "borup",
        "construction",
        "10-49",
        "Industrivej 9, 4140 Borup",
        "VVS-installatør med varmepumper som speciale.",
        (
            (
                "Varmepumper i stedet for oliefyr",
                "Vi hjælper kunder fra oliefyr til varmepumpe og søger tilskud for dem.",
                "energy",
                "85 installationer i 2025",
                "Egne ordredata",
            ),
        ),
        ("Elektriske servicevogne", 24, "under_way"),
    ),
    DemoCompany(
        "Ejby Maskinfabrik",
        "23779072",
        "ejby",
        "manufacturing",
        "50-249",
        "Fabriksvej 2, 4623 Lille Skensved",
        "Underleverandør af stålemner til landbrugsmaskiner.",
        (
            (
                "Solceller på fabrikstaget",
                "700 m² solceller dækker en del af dagens strømforbrug.",
                "energy",
                "ca. 110 MWh om året",
                "Målerdata fra elselskabet 2025",
            ),
        ),
    ),
    DemoCompany(
        "Strandens Café",
        "22789848",
        "koege-nord",
        "hospitality",
        "1-9",
        "Strandvejen 80, 4600 Køge",
        "Café ved Køge Strand.",
        (
            (
                "Grøn menu hver dag",
                "Dagens ret er altid plantebaseret, og det er den mest solgte.",
                "food",
                "",
                "",
            ),
            (
                "Pant på take-away-kopper",
                "Genbrugskopper med pant erstatter engangskopper.",
                "circular",
                "ca. 9.000 engangskopper sparet",
                "Kasseopgørelse 2025",
            ),
        ),
    ),
    DemoCompany(
        "Køge Revision",
        "20831197",
        "koege-centrum",
        "services",
        "10-49",
        "Nørregade 5, 4600 Køge",
        "Revision og rådgivning til små virksomheder.",
        (
            (
                "Cykelordning for ansatte",
                "Medarbejderne kan lease en elcykel gennem lønnen.",
                "transport",
                "9 af 22 ansatte cykler",
                "Intern opgørelse",
            ),
        ),
        ("CO2-regnskab med Klimakompasset", 6, "planned"),
    ),
    DemoCompany(
        "Bjæverskov Vognmand",
        "36843942",
        "bjaeverskov",
        "transport",
        "10-49",
        "Vognmandsvej 1, 4632 Bjæverskov",
        "Kørsel med grus, sand og jord.",
        (
            (
                "Kørsel på HVO-diesel",
                "Lastbilerne kører på fornybar HVO-diesel i stedet for fossil diesel.",
                "transport",
                "",
                "",
            ),
        ),
    ),
    DemoCompany(
        "Lellinge Kro",
        "43043587",
        "lellinge",
        "hospitality",
        "10-49",
        "Lellinge Bygade 2, 4600 Køge",
        "Landsbykro med lokale råvarer.",
        (("Lokale råvarer", "Grøntsager og kød købes hos gårde inden for 20 km.", "food", "", ""),),
    ),
    DemoCompany(
        "Skensved Plast",
        "32137296",
        "lille-skensved",
        "manufacturing",
        "50-249",
        "Industriparken 14, 4623 Lille Skensved",
        "Sprøjtestøbning af plastemner.",
        (
            (
                "Genanvendt granulat",
                "Spild fra produktionen males og bruges igen.",
                "circular",
                "18 % genanvendt råvare",
                "Produktionsdata 2025",
            ),
        ),
    ),
    DemoCompany(
        "Gørslev Landbrug",
        "22468227",
        "goerslev",
        "food",
        "1-9",
        "Gørslevvej 40, 4660 Store Heddinge",
        "Planteavl og æg fra fritgående høns.",
        (
            (
                "Efterafgrøder og læhegn",
                "Efterafgrøder binder kvælstof, og nye læhegn giver plads til fugle.",
                "nature",
                "",
                "",
            ),
        ),
    ),
    DemoCompany(
        "Køge Tandklinik",
        "29308349",
        "koege-centrum",
        "health",
        "10-49",
        "Vestergade 30, 4600 Køge",
        "Tandlæger og tandplejere.",
        (
            (
                "Grøn el og LED",
                "Klinikken køber el med oprindelsesgarantier og har skiftet til LED.",
                "energy",
                "−25 % elforbrug",
                "Elregninger 2022 og 2025",
            ),
        ),
    ),
    DemoCompany(
        "Køge Idrætscenter",
        "41824611",
        "koege-nord",
        "culture",
        "50-249",
        "Idrætsvej 3, 4600 Køge",
        "Haller, svømmehal og fitness.",
        (
            (
                "Varmegenvinding i svømmehallen",
                "Ventilationen genvinder varmen fra den fugtige luft.",
                "energy",
                "",
                "",
            ),
        ),
    ),
    DemoCompany(
        "Landdistrikternes Dyrlæge",
        "35109765",
        "landdistrikter",
        "health",
        "1-9",
        "Landevejen 112, 4600 Køge",
        "Dyrlæge for heste og landbrugsdyr.",
        (
            (
                "Samkørsel til besøg",
                "Besøg planlægges i ruter, så bilen kører færre kilometer.",
                "transport",
                "",
                "",
            ),
        ),
    ),
)
TEAMS = (  # company index, team name, number of demo citizens on it
    (1, "Havnens Hold", 6),
    (7, "Revisorerne", 4),
    (5, "Maskinfabrikkens Cykelhold", 2),
)
