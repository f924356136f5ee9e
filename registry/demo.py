"""A national-size, fictitious registry for demonstrations and scale tests.

Built from the real municipality reference data valid on a date (the 2025 codes from 1 January
2025), with the figures of the parliamentary answer of 13 June 2023 as targets: about 228 desks
covering 285 municipalities, about a quarter of the covered municipalities in an intermunicipal
desk, and about 5,700 licensed locations. Everything else (organisations, names, numbers,
addresses, dates) is invented, and deterministic: the same seed and date give the same data.

``build_demo`` writes with ``bulk_create_with_history``, so every row has its "created" history
row. ``wipe_registry`` removes organisations, desks, service areas and locations (and their
history) and leaves the reference data alone. ``create_demo_users`` creates one user per role.
"""

import dataclasses
import datetime
import math
import random
import unicodedata
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from supervision import roles

from .models import (
    CareType,
    Desk,
    DeskStatus,
    LicenceStatus,
    Location,
    Municipality,
    MunicipalityMerger,
    Organisation,
    ServiceArea,
)

SEED = 20230531  # the date of the figures the demo imitates
CHANGE_REASON = "Demogegevens"

COVERED_MUNICIPALITIES = 285
LOCATIONS = 5_700
# Intermunicipal desks by number of municipalities: 74 municipalities in 20 desks, so with 211
# single-municipality desks that makes 231 desks, 26 % of the covered municipalities intermunicipal.
INTERMUNICIPAL_SIZES = (4,) * 16 + (3,) * 2 + (2,) * 2


def _words(text):
    """'a; b; c' (or one per line) -> ['a', 'b', 'c']: keeps long word lists readable."""
    return [word.strip() for word in text.replace("\n", ";").split(";") if word.strip()]


def _table(text):
    """'Gent 270000; Aalst 90000' -> {'Gent': 270000, 'Aalst': 90000}."""
    return {w.rsplit(" ", 1)[0]: int(w.rsplit(" ", 1)[1]) for w in _words(text)}


# Approximate inhabitants of the larger municipalities (Flemish, then Brussels) and a few of the
# smallest; the others get a random size. Locations are spread in proportion.
POPULATION = _table(
    """
    Antwerpen 545000; Gent 270000; Brugge 120000; Leuven 104000; Aalst 90000; Mechelen 89000
    Hasselt 89000; Beveren-Kruibeke-Zwijndrecht 82000; Sint-Niklaas 81000; Kortrijk 80000
    Oostende 73000; Genk 68000; Roeselare 65000; Lokeren 50000; Beringen 48000
    Dendermonde 47000; Vilvoorde 47000; Turnhout 46000; Deinze 45000; Dilbeek 43000
    Heist-op-den-Berg 43000; Tongeren-Borgloon 43000; Bilzen-Hoeselt 42000; Geel 41000
    Halle 41000; Sint-Truiden 41000; Ninove 40000; Waregem 39000; Brasschaat 38000
    Grimbergen 38000; Maasmechelen 38000; Lier 37000; Mol 37000; Merelbeke-Melle 36000
    Zaventem 36000; Ieper 35000; Lommel 35000; Tienen 35000; Pelt 34000; Schoten 34000
    Heusden-Zolder 34000; Knokke-Heist 33000; Asse 33000; Wevelgem 32000;
    Brussel 196000; Schaarbeek 131000; Anderlecht 125000; Sint-Jans-Molenbeek 98000
    Elsene 87000; Ukkel 84000; Sint-Lambrechts-Woluwe 58000; Vorst 57000; Jette 53000
    Sint-Gillis 50000; Etterbeek 48000; Evere 43000; Sint-Pieters-Woluwe 42000; Oudergem 35000
    Sint-Joost-ten-Node 27000; Sint-Agatha-Berchem 26000; Ganshoren 25000
    Watermaal-Bosvoorde 25000; Koekelberg 22000;
    Herstappe 90; Mesen 1000; Spiere-Helkijn 2100; Horebeke 2100; Bever 2300; Zuienkerke 2800
    Baarle-Hertog 2900; Lo-Reninge 3300; Vleteren 3800; Voeren 4100; Pepingen 4600
    Linkebeek 4700;
    """
)
BRUSSELS_PROVINCE = "04000"
BRUSSELS_SHARE = 0.3
CITY_SIZE = 30_000  # from this size the operator is "Stad X" rather than "Gemeente X"

# Names for intermunicipal desks, by arrondissement.
REGIONS = {
    "11000": ["Rupelstreek", "Voorkempen"],
    "12000": ["Neteland", "Klein-Brabant"],
    "13000": ["Kempen", "Noorderkempen", "Zuiderkempen"],
    "23000": ["Pajottenland", "Noordrand", "Zennevallei"],
    "24000": ["Hageland", "Dijleland", "Demerland"],
    "31000": ["Brugse Ommeland", "Houtland"],
    "32000": ["Westhoek", "IJzervallei"],
    "33000": ["Westhoek-Zuid", "Ieperboog"],
    "34000": ["Leiestreek", "Zuid-West-Vlaanderen"],
    "35000": ["Oostkust", "Polders"],
    "36000": ["Midwest", "Mandelstreek"],
    "37000": ["Tieltse Regio", "Mandel-Leie"],
    "38000": ["Westkust", "De Moeren"],
    "41000": ["Denderstreek", "Land van Aalst"],
    "42000": ["Scheldeland", "Schelde-Dender"],
    "43000": ["Meetjesland", "Krekengebied"],
    "44000": ["Leie en Schelde", "Scheldevallei"],
    "45000": ["Vlaamse Ardennen", "Zwalmvallei"],
    "46000": ["Waasland", "Noord-Waasland"],
    "71000": ["Midden-Limburg", "Kempenland"],
    "72000": ["Noord-Limburg", "Maasland"],
    "73000": ["Haspengouw", "Zuid-Limburg"],
}

FANCY = _words(
    """
    De Rakkertjes; Het Kabouterhuis; De Zonnebloem; Pimpampoentje; De Vlindertjes; Kwetternest;
    Het Egeltje; De Ukkies; Kadee; De Tuimelaar; 't Klavertje; De Sterretjes; Het Boomhutje;
    De Speelboot; Kakelbont; De Regenboog; Bengelhuis; 't Nestje; De Pagadder;
    Het Lieveheersbeestje; De Duizendpoot; Knuffelland; De Kleine Reus; Hummeltjeshuis;
    De Zeepbel; Het Vogelnest; Ballonneke; De Knipoog; Kinderhof; De Kriebel; Zonnestraal;
    Het Molentje; De Schatkist; Wiegeltje; De Appelboom; Klein Duimpje; De Berenboot;
    Olleke Bolleke; De Kikker; Het Speelkasteel; De Windroos; Fiep; De Puzzel; Tuimeltje;
    De Koekoek; Het Zandkasteel; De Kleine Prins; Boefje; De Springplank; Sloebers;
    Het Kriebelbeestje; De Wolkjes; Het Pluimpje; De Notelaar; Dribbel; De Kastanje;
    Het Kleine Huis; De Paddestoel; Muizenest; De Eikel; Pompoentje; De Boomgaard;
    Kleuterkoppen; De Hoeve; Het Wiegje; Bolleke; De Tovertuin; Snoezel; De Beuk; De Wilg;
    Het Vlot; De Knikker; Het Zonnetje; De Brug; Rommelpot; De Linde;
    """
)
GROUP_NAMES = ["Kinderdagverblijf", "Kinderdagverblijf", "Kinderopvang", "Crèche", "Babyhuis"]
FIRST_NAMES = _words(
    """
    Els; An; Sofie; Katrien; Inge; Nathalie; Veerle; Kristel; Sarah; Lies; Hilde; Ilse; Griet;
    Karolien; Leen; Evelien; Fatima; Nadia; Ayse; Jolien; Marleen; Tine; Lotte; Femke; Sanne;
    Ann; Heidi; Kim; Eva; Joke;
    """
)
LAST_NAMES = _words(
    """
    Peeters; Janssens; Maes; Jacobs; Mertens; Willems; Claes; Goossens; Wouters; De Smet;
    Dubois; Hermans; Aerts; Vermeulen; Michiels; Van Damme; Lambrechts; De Clercq; Coppens;
    Verstraete; Pauwels; Van den Broeck; Desmet; Segers; Martens; Claeys; Vandenberghe; Smets;
    Bogaerts; El Amrani;
    """
)
STREETS = _words(
    """
    Kerkstraat; Stationsstraat; Dorpsstraat; Molenstraat; Schoolstraat; Nieuwstraat;
    Kapelstraat; Beekstraat; Veldstraat; Kouter; Markt; Lindenlaan; Stationsplein;
    Kasteelstraat; Heirweg; Meersstraat; Broekstraat; Processiestraat; Hoogstraat; Zandstraat;
    Bosstraat; Bergstraat; Pastorijstraat; Gemeenteplein; Leopoldlaan; Kloosterstraat;
    Weverstraat; Bruggestraat; Smidsestraat; Groenstraat;
    """
)
OPENING_HOURS = [
    "ma-vr 07:00-18:30",
    "ma-vr 06:30-18:30",
    "ma-vr 07:30-18:00",
    "ma-vr 07:00-19:00; za 08:00-12:00",
    "ma, di, do, vr 07:00-18:00",
    "ma-vr 07:15-18:15 (gesloten tussen Kerst en Nieuwjaar)",
]
FAMILY_HOURS = [
    "ma-vr 07:00-18:00",
    "ma, di, do, vr 07:30-17:30",
    "ma-do 07:00-18:30",
    "ma-vr 06:45-17:45",
]
PHONE_ZONES = _words(
    """
    2; 3; 9; 11; 13; 14; 15; 16; 50; 51; 52; 53; 54; 56; 89;
    """
)


@dataclasses.dataclass
class Summary:
    desks: int
    intermunicipal_desks: int
    covered_municipalities: int
    intermunicipal_municipalities: int
    locations: int
    places: int
    organisations: int
    desks_whose_operator_runs_locations: int

    @property
    def intermunicipal_share(self):
        return self.intermunicipal_municipalities / self.covered_municipalities

    def lines(self):
        return [
            f"Desks: {self.desks} ({self.intermunicipal_desks} intermunicipal)",
            f"Municipalities covered: {self.covered_municipalities}, of which "
            f"{self.intermunicipal_municipalities} ({self.intermunicipal_share:.0%}) in an "
            "intermunicipal desk",
            f"Locations: {self.locations} with {self.places} places",
            f"Organisations: {self.organisations} "
            f"({self.desks_whose_operator_runs_locations} desks run by an organiser of locations)",
        ]


def registry_is_empty():
    return not (Organisation.objects.exists() or Desk.objects.exists() or Location.objects.exists())


def wipe_registry():
    """Delete every organisation, desk, service area and location, with their history rows.

    The reference data (provinces, municipalities, mergers) stays.
    """
    with transaction.atomic():
        for model in (Location, ServiceArea, Desk, Organisation):
            model.objects.all().delete()
            model.history.all().delete()


class _Builder:
    def __init__(self, *, scale, seed, today):
        self.rng = random.Random(seed)
        self.scale = scale
        self.today = today
        self.used_numbers = set(Organisation.objects.values_list("enterprise_number", flat=True))
        self.organisations = []
        self.desks = []
        self.areas = []  # (desk, municipality, valid_from, valid_to)
        self.locations = []

    # Small helpers -------------------------------------------------------------------------

    def enterprise_number(self, prefix="0"):
        while True:
            body = f"{prefix}{self.rng.randrange(2_000_000, 9_999_999):07d}"
            number = f"{body}{97 - int(body) % 97:02d}"
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number

    def phone(self):
        zone = self.rng.choice(PHONE_ZONES)
        digits = f"{self.rng.randrange(10**6, 10**7):07d}"[: 8 - len(zone)]
        if len(zone) == 1:
            return f"0{zone} {digits[:3]} {digits[3:5]} {digits[5:]}"
        return f"0{zone} {digits[:2]} {digits[2:4]} {digits[4:]}"

    @staticmethod
    def email(name):
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        slug = "".join(ch for ch in ascii_name.lower() if ch.isalnum())[:30]
        return f"{slug}@example.be"

    def organisation(self, name, *, prefix="0"):
        org = Organisation(
            enterprise_number=self.enterprise_number(prefix),
            name=name,
            email=self.email(name),
            phone=self.phone(),
        )
        self.organisations.append(org)
        return org

    def person(self):
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    # The parts ------------------------------------------------------------------------------

    def load_municipalities(self):
        current = list(
            Municipality.objects.valid_on(self.today)
            .select_related("province")
            .order_by("nis_code")
        )
        if not current:
            raise RuntimeError("No municipalities are valid today: load the reference data first.")
        self.municipalities = current
        self.population = {}
        for m in current:
            if m.name in POPULATION:
                self.population[m] = POPULATION[m.name]
            else:
                self.population[m] = int(
                    min(29_000, max(3_000, self.rng.lognormvariate(math.log(12_500), 0.45)))
                )
        # The municipalities of the period before, for the service areas before a merger date.
        self.predecessors = defaultdict(list)
        for merger in MunicipalityMerger.objects.select_related("old").order_by("old__nis_code"):
            self.predecessors[merger.new_id].append(merger.old)
        merged = set(self.predecessors)
        earlier = {
            (m.nis_code, m.valid_to): m
            for m in Municipality.objects.filter(valid_to__isnull=False).order_by("nis_code")
        }
        for m in current:
            if m.pk not in merged:
                before = earlier.get((m.nis_code, m.valid_from - datetime.timedelta(days=1)))
                if before:
                    self.predecessors[m.pk].append(before)

    def plan_coverage(self):
        """Which municipalities have a desk, and which share one."""
        rng = self.rng
        big = {m for m in self.municipalities if self.population[m] >= CITY_SIZE}
        small = [m for m in self.municipalities if m not in big]
        uncovered_count = max(0, len(self.municipalities) - COVERED_MUNICIPALITIES)
        self.uncovered = set(rng.sample(small, min(uncovered_count, len(small))))

        by_arrondissement = defaultdict(list)
        for m in small:
            if m not in self.uncovered and m.province.nis_code != BRUSSELS_PROVINCE:
                by_arrondissement[m.arrondissement_nis].append(m)
        self.groups = []
        for size in INTERMUNICIPAL_SIZES:
            candidates = sorted(a for a, ms in by_arrondissement.items() if len(ms) >= size)
            if not candidates:
                break
            arrondissement = rng.choice(candidates)
            members = rng.sample(by_arrondissement[arrondissement], size)
            for m in members:
                by_arrondissement[arrondissement].remove(m)
            members.sort(key=lambda m: -self.population[m])
            self.groups.append((arrondissement, members))
        in_groups = {m for _a, members in self.groups for m in members}
        self.singles = [
            m for m in self.municipalities if m not in self.uncovered and m not in in_groups
        ]

    def desk_status_and_start(self):
        rng = self.rng
        status = rng.choices(
            [DeskStatus.SUBSIDISED, DeskStatus.NOTIFIED, DeskStatus.SUBSIDY_SUSPENDED],
            weights=[90, 8, 2],
        )[0]
        if status == DeskStatus.NOTIFIED:
            start = self.today - datetime.timedelta(days=rng.randrange(30, 400))
        elif rng.random() < 0.6:
            start = datetime.date(2019, 1, 1)
        else:
            start = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(0, 5 * 365))
        return status, start

    def add_desk(self, *, code, name, operator, members):
        status, start = self.desk_status_and_start()
        desk = Desk(
            code=code,
            name=name,
            operator=operator,
            status=status,
            central_registration=self.rng.random() < 0.25,
        )
        self.desks.append(desk)
        for m in members:
            if m.valid_from <= self.today:
                self.areas.append((desk, m, max(start, m.valid_from), None))
            for old in self.predecessors.get(m.pk, []):
                if old.valid_to >= start:
                    self.areas.append((desk, old, max(start, old.valid_from), old.valid_to))
        return desk

    def build_desks(self):
        rng = self.rng
        self.municipal_orgs = {}  # municipality -> its organisation ("Stad Gent")
        self.runs_childcare = set()  # municipalities whose own organisation runs locations
        self.desk_operators_with_locations = []  # (organisation, municipality) to give locations
        region_names = {a: list(names) for a, names in REGIONS.items()}

        for arrondissement, members in self.groups:
            names = region_names.get(arrondissement) or []
            region = names.pop(0) if names else " – ".join(m.name for m in members[:2])
            if rng.random() < 0.5:
                name = f"LLKO Regio {region}"
            else:
                name = f"Intergemeentelijk Loket Kinderopvang {region}"
            kind = rng.choice(
                ["Welzijnsvereniging", "Intergemeentelijke Vereniging", "Welzijnsregio"]
            )
            operator = self.organisation(f"{kind} {region}", prefix="0")
            self.add_desk(
                code=f"LLKO-{members[0].nis_code}", name=name, operator=operator, members=members
            )

        for m in self.singles:
            roll = rng.random()
            if roll < 0.75 or self.population[m] >= CITY_SIZE:
                name = f"Lokaal Loket Kinderopvang {m.name}"
            elif roll < 0.9:
                name = f"Loket Kinderopvang {m.name}"
            else:
                name = f"Huis van het Kind {m.name} – Lokaal Loket Kinderopvang"
            roll = rng.random()
            if roll < 0.04:
                # A childcare organiser runs the desk: it must keep both roles apart (D7).
                operator = self.organisation(f"Kinderopvang {rng.choice(FANCY)} vzw", prefix="0")
                self.desk_operators_with_locations.append((operator, m))
            elif roll < 0.09:
                operator = self.organisation(f"Huis van het Kind {m.name} vzw", prefix="0")
            else:
                operator = self.municipal_organisation(m)
                if self.population[m] >= 60_000 or rng.random() < 0.12:
                    self.runs_childcare.add(m)
            self.add_desk(code=f"LLKO-{m.nis_code}", name=name, operator=operator, members=[m])

    def municipal_organisation(self, m):
        if m not in self.municipal_orgs:
            kind = "Stad" if self.population[m] >= CITY_SIZE else "Gemeente"
            self.municipal_orgs[m] = self.organisation(f"{kind} {m.name}", prefix="0")
        return self.municipal_orgs[m]

    def location_counts(self):
        """Locations per municipality, in proportion to its size (largest remainder)."""
        total = max(1, round(LOCATIONS * self.scale))
        weights = {
            m: self.population[m]
            * (BRUSSELS_SHARE if m.province.nis_code == BRUSSELS_PROVINCE else 1)
            for m in self.municipalities
        }
        weight_sum = sum(weights.values())
        exact = {m: total * w / weight_sum for m, w in weights.items()}
        counts = {m: int(x) for m, x in exact.items()}
        rest = total - sum(counts.values())
        for m in sorted(exact, key=lambda m: (counts[m] - exact[m], m.nis_code))[:rest]:
            counts[m] += 1
        return counts

    def build_locations(self):
        rng = self.rng
        counts = self.location_counts()
        total = sum(counts.values())
        file_numbers = rng.sample(range(100_000, 100_000 + max(900_000, 3 * total)), total)
        file_numbers.sort()
        by_province = defaultdict(list)
        for m in self.municipalities:
            by_province[m.province.nis_code].append(m)

        # Organisers with many locations: chains of group care in one or two provinces, and
        # networks of family care per province.
        provinces = sorted(by_province)
        chains = defaultdict(list)
        for fancy in rng.sample(FANCY, max(3, round(36 * min(1.0, self.scale * 4)))):
            form = rng.choice(
                ["Kinderopvang {} vzw", "Kinderdagverblijven {} bv", "{} Kinderopvang bv"]
            )
            chain = self.organisation(form.format(fancy), prefix=rng.choice("01"))
            for province in rng.sample(provinces, rng.choice([1, 1, 2])):
                chains[province].append(chain)
        networks = {
            p: self.organisation(f"Netwerk Gezinsopvang {by_province[p][0].province.name} vzw")
            for p in provinces
        }

        numbers = iter(file_numbers)
        for m in self.municipalities:
            previous_small = None
            for _ in range(counts[m]):
                care_type = rng.choices(
                    [CareType.FAMILY, CareType.GROUP, CareType.GROUP_COOPERATION],
                    weights=[42, 48, 10],
                )[0]
                if care_type == CareType.FAMILY:
                    places = rng.choices([4, 5, 6, 7, 8], weights=[5, 10, 15, 15, 55])[0]
                    childminder = self.person()
                    name = (
                        f"Onthaalouder {childminder}"
                        if rng.random() < 0.6
                        else f"Gezinsopvang {rng.choice(FANCY)}"
                    )
                    if rng.random() < 0.25:
                        organisation = networks[m.province.nis_code]
                    else:
                        organisation = self.organisation(childminder, prefix="1")
                    hours = rng.choice(FAMILY_HOURS)
                elif care_type == CareType.GROUP_COOPERATION:
                    places = rng.randrange(9, 19)
                    name = f"Samenwerkende onthaalouders {rng.choice(FANCY)}"
                    organisation = self.organisation(f"{name} vzw", prefix="0")
                    hours = rng.choice(FAMILY_HOURS)
                else:
                    band = rng.choices(
                        [(9, 18), (19, 35), (36, 60), (61, 100)], weights=[46, 37, 14, 3]
                    )[0]
                    places = rng.randrange(band[0], band[1] + 1)
                    name = f"{rng.choice(GROUP_NAMES)} {rng.choice(FANCY)}"
                    hours = rng.choice(OPENING_HOURS)
                    roll = rng.random()
                    if m in self.runs_childcare and roll < 0.3:
                        organisation = self.municipal_orgs[m]
                        kind = (
                            "Stedelijk" if organisation.name.startswith("Stad") else "Gemeentelijk"
                        )
                        name = f"{kind} kinderdagverblijf {rng.choice(FANCY)}"
                    elif chains[m.province.nis_code] and roll < 0.65:
                        organisation = rng.choice(chains[m.province.nis_code])
                    elif previous_small is not None and rng.random() < 0.15:
                        organisation = previous_small
                    else:
                        legal_form = rng.choice(["bv", "vzw", "bv", "bv"])
                        organisation = self.organisation(
                            f"{name} {legal_form}", prefix=rng.choice("01")
                        )
                        previous_small = organisation
                subsidy_level = rng.choices([0, 1, 2, 3], weights=[30, 15, 35, 20])[0]
                licence_status = rng.choices(
                    [
                        LicenceStatus.ACTIVE,
                        LicenceStatus.SUSPENDED,
                        LicenceStatus.STOPPED,
                        LicenceStatus.REVOKED,
                    ],
                    weights=[950, 20, 25, 5],
                )[0]
                roll = rng.random()
                if roll < 0.75:
                    confirmed = self.today - datetime.timedelta(days=rng.randrange(0, 365))
                elif roll < 0.92:
                    confirmed = self.today - datetime.timedelta(days=rng.randrange(366, 900))
                else:
                    confirmed = None
                location = Location(
                    file_number=f"KO-{next(numbers)}",
                    name=name,
                    care_type=care_type,
                    places=places,
                    municipality=m,
                    street=f"{rng.choice(STREETS)} {rng.randrange(1, 250)}",
                    city=m.name,
                    subsidy_level=subsidy_level,
                    income_related_tariff=subsidy_level >= 2,
                    opening_hours=hours,
                    phone=self.phone(),
                    email=self.email(name),
                    offer_confirmed_on=confirmed,
                    licence_status=licence_status,
                    organisation=organisation,
                )
                self.locations.append(location)

        # A desk run by a childcare organiser: give it a location in its own area (D7).
        for operator, m in self.desk_operators_with_locations:
            for location in self.locations:
                if location.municipality == m and location.care_type == CareType.GROUP:
                    location.organisation = operator
                    break

    def save(self):
        """Write in dependency order; each foreign key takes the pk its target just got."""
        areas = [
            ServiceArea(desk=desk, municipality=m, valid_from=start, valid_to=end)
            for desk, m, start, end in self.areas
        ]
        for model, objs in (
            (Organisation, self.organisations),
            (Desk, self.desks),
            (ServiceArea, areas),
            (Location, self.locations),
        ):
            bulk_create_with_history(
                objs, model, batch_size=500, default_change_reason=CHANGE_REASON
            )

    def summary(self):
        covered = {m for desk, m, _s, end in self.areas if end is None}
        members = defaultdict(set)
        for desk, m, _s, end in self.areas:
            if end is None:
                members[desk].add(m)
        intermunicipal = [d for d, ms in members.items() if len(ms) > 1]
        location_orgs = {location.organisation.pk for location in self.locations}
        return Summary(
            desks=len(self.desks),
            intermunicipal_desks=len(intermunicipal),
            covered_municipalities=len(covered),
            intermunicipal_municipalities=sum(len(members[d]) for d in intermunicipal),
            locations=len(self.locations),
            places=sum(location.places for location in self.locations),
            organisations=len(self.organisations),
            desks_whose_operator_runs_locations=sum(
                1 for d in self.desks if d.operator.pk in location_orgs
            ),
        )


def build_demo(*, scale=1.0, seed=SEED, today=None):
    """Write the demo registry into an empty registry and return its figures.

    ``scale`` multiplies the number of locations (and so their organisations); the desks and
    their service areas are national whatever the scale.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    builder = _Builder(scale=scale, seed=seed, today=today or timezone.localdate())
    with transaction.atomic():
        builder.load_municipalities()
        builder.plan_coverage()
        builder.build_desks()
        builder.build_locations()
        builder.save()
    return builder.summary()


# Demo users ----------------------------------------------------------------------------------

DESK_CODE = "LLKO-44021"  # Lokaal Loket Kinderopvang Gent
MUNICIPALITY_NIS = "44021"  # Gent


@dataclasses.dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    first_name: str
    last_name: str
    is_staff: bool = False
    desk_code: str = ""
    municipality_nis: str = ""


DEMO_USERS = [
    DemoUser("klantenbeheerder", "demo-klantenbeheerder", roles.CLIENT_MANAGER, "Katrien", "Claes"),
    DemoUser("handhaving", "demo-handhaving", roles.ENFORCEMENT_LEAD, "Hilde", "Wouters"),
    DemoUser("management", "demo-management", roles.MANAGEMENT, "Marc", "Janssens"),
    DemoUser("loket", "demo-loket", roles.DESK_STAFF, "Lies", "De Smet", desk_code=DESK_CODE),
    DemoUser(
        "lokaalbestuur",
        "demo-lokaalbestuur",
        roles.LOCAL_GOVERNMENT,
        "Bart",
        "Vermeulen",
        municipality_nis=MUNICIPALITY_NIS,
    ),
    DemoUser("beheerder", "demo-beheerder", roles.ADMINISTRATOR, "Ann", "Peeters", is_staff=True),
]


def create_demo_users(today=None):
    """Create or reset one user per role, with the published demo passwords.

    Returns (DemoUser, user, scope description) triples.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    today = today or timezone.localdate()
    roles.sync_roles()
    created = []
    with transaction.atomic():
        for demo in DEMO_USERS:
            user, _new = User.objects.get_or_create(username=demo.username)
            user.first_name, user.last_name = demo.first_name, demo.last_name
            user.email = f"{demo.username}@example.be"
            user.is_staff = demo.is_staff
            user.is_active = True
            user.set_password(demo.password)
            user.save()
            user.groups.set([Group.objects.get(name=roles.group_name(demo.role))])
            scope = ""
            if demo.desk_code:
                desks = list(Desk.objects.filter(code=demo.desk_code))
                user.desks.set(desks)
                scope = desks[0].name if desks else f"(desk {demo.desk_code} not found)"
            if demo.municipality_nis:
                municipalities = list(
                    Municipality.objects.valid_on(today).filter(nis_code=demo.municipality_nis)
                )
                user.municipalities.set(municipalities)
                scope = str(municipalities[0]) if municipalities else "(municipality not found)"
            created.append((demo, user, scope))
    return created
