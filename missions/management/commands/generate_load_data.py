"""Fill a database with fake but realistic content, in English and French, for load tests.

Records are written with bulk_create, in batches: fast, but django-simple-history records no
history for them (it only sees save() and delete()), which is fine for throwaway data.
Every generated slug starts with "load-", so generated records never collide with real ones.
"""

import datetime
import itertools
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from missions.documents import build_document
from missions.editions import Edition, content_hash, publish
from missions.models import (
    DeploymentSnapshot,
    Language,
    Mission,
    Posting,
    Precision,
    Region,
    Status,
)

PREFIX = "load-"
MAX_SNAPSHOTS_PER_MISSION = 10_000
NBSP = "\u00a0"

# Fake places (no real country), so generated pages can't be mistaken for real ones.
# The French name changes the ending, as French does: "Valdoria" is "Valdorie".
STEMS = ["Val", "Kest", "Mar", "Ost", "Bel", "Cor", "Dar", "Fen", "Gal", "Hal", "Is", "Lor"]
STEMS += ["Nor", "Pel", "Ros", "Sal", "Tor", "Ur", "Vel", "Zan", "Ard", "Brev", "Cal", "Esk"]
MIDDLES = ["a", "e", "i", "o", "u", "an", "er", "om"]
ENDINGS = [("ria", "rie"), ("nia", "nie"), ("via", "vie"), ("land", "lande"), ("dor", "dor")]
REGION_FORMS = [
    ("{en}", "{fr}"),
    ("Republic of {en}", "République de {fr}"),
    ("{en} region", "Région de {fr}"),
    ("Northern {en}", "{fr} du Nord"),
    ("{en} Islands", "Îles de {fr}"),
]
MISSION_FORMS = {
    Mission.Kind.UN: [
        (
            "United Nations Stabilization Mission in {en}",
            "Mission de stabilisation des Nations Unies en {fr}",
            "MINUS",
        ),
        (
            "United Nations Integrated Office in {en}",
            "Bureau intégré des Nations Unies en {fr}",
            "BINU",
        ),
        (
            "United Nations Support Mission in {en}",
            "Mission d'appui des Nations Unies en {fr}",
            "MANU",
        ),
    ],
    Mission.Kind.EU: [
        (
            "European Union Police Mission in {en}",
            "Mission de police de l'Union européenne en {fr}",
            "EUPOL ",
        ),
        (
            "European Union Advisory Mission for Security Sector Reform in {en}",
            "Mission de conseil de l'Union européenne sur la réforme du secteur de la "
            "sécurité en {fr}",
            "EUAM ",
        ),
    ],
    Mission.Kind.BILATERAL: [
        (
            "Canadian Police Mission in {en} - Bilateral Engagement",
            "Mission de police canadienne en {fr} – Engagement bilatéral",
            "",
        ),
    ],
    Mission.Kind.OTHER: [
        (
            "Police-to-police engagement with the National Police of {en}",
            "Engagement de police à police avec la Police nationale de {fr}",
            "",
        ),
        (
            "Multinational Police Training Project in {en}",
            "Projet multinational de formation policière en {fr}",
            "",
        ),
    ],
}
SENTENCES = [
    (
        "Canadian police officers provide strategic advice and mentoring to senior and "
        "middle-level management.",
        "Les policiers canadiens offrent des conseils stratégiques et du mentorat aux cadres "
        "supérieurs et intermédiaires.",
    ),
    (
        "The mission supports the development of a modern, accountable and transparent police "
        "service founded on internationally recognized standards.",
        "La mission appuie la mise en place d'un service de police moderne, responsable et "
        "transparent, fondé sur des normes reconnues à l'échelle internationale.",
    ),
    (
        "Deployments focus on training, community policing and the protection of vulnerable "
        "populations.",
        "Les déploiements sont axés sur la formation, la police communautaire et la protection "
        "des populations vulnérables.",
    ),
    (
        "Canadian personnel work alongside police officers from many other countries.",
        "Le personnel canadien travaille aux côtés de policiers de nombreux autres pays.",
    ),
    (
        "The RCMP continues to support the Government of Canada's efforts in the region.",
        "La GRC continue d'appuyer les efforts du gouvernement du Canada dans la région.",
    ),
]
LIST_LEAD = (
    "The objectives of the mission are to support reform efforts by:",
    f"La mission a pour objectif d'appuyer les efforts de réforme en{NBSP}:",
)
LIST_ITEMS = [
    (
        "building the capacity and effectiveness of the police service",
        "renforçant la capacité et l'efficacité du service de police",
    ),
    (
        "increasing awareness of gender and human rights considerations",
        "sensibilisant davantage aux considérations liées à l'égalité des genres et aux droits "
        "de la personne",
    ),
    (
        "strengthening anti-corruption mechanisms",
        "renforçant les mécanismes de lutte contre la corruption",
    ),
    (
        "supporting the delivery of train-the-trainer programs",
        "appuyant la prestation de programmes de formation des formateurs",
    ),
]
NOTE = (
    "Currently, operations in {en} have been suspended due to the security situation.",
    "À l'heure actuelle, les opérations en {fr} sont suspendues en raison de la situation en "
    "matière de sécurité.",
)
INTRO = (
    "Canada has contributed police officers to peace operations in {en} since {year}.",
    "Le Canada fournit des policiers aux opérations de paix en {fr} depuis {year}.",
)
ROLES = [
    ("Police Advisor", "Conseiller de police"),
    ("Senior Police Advisor", "Conseiller principal de police"),
    ("Investigator", "Enquêteur"),
    ("Liaison Officer", "Agent de liaison"),
    ("Training Coordinator", "Coordonnateur de la formation"),
]
ORGANIZATIONS = [
    (
        "United Nations Office on Drugs and Crime",
        "Office des Nations Unies contre la drogue et le crime",
    ),
    ("International Criminal Court", "Cour pénale internationale"),
    ("INTERPOL", "INTERPOL"),
    (
        "Organization for Security and Co-operation in Europe",
        "Organisation pour la sécurité et la coopération en Europe",
    ),
    ("European Union", "Union européenne"),
]
PLACES = [
    ("Geneva", "Genève", "Switzerland", "Suisse"),
    ("The Hague", "La Haye", "Netherlands", "Pays-Bas"),
    ("New York", "New York", "United States of America", "États-Unis d'Amérique"),
    ("Vienna", "Vienne", "Austria", "Autriche"),
    ("Brussels", "Bruxelles", "Belgium", "Belgique"),
    ("London", "Londres", "United Kingdom", "Royaume-Uni"),
    ("Lyon", "Lyon", "France", "France"),
    ("Nairobi", "Nairobi", "Kenya", "Kenya"),
]


def place_name(index):
    """A distinct fake place name in English and French for each index."""
    stem = STEMS[index % len(STEMS)]
    middle = MIDDLES[index // len(STEMS) % len(MIDDLES)]
    ending_en, ending_fr = ENDINGS[index // (len(STEMS) * len(MIDDLES)) % len(ENDINGS)]
    cycle = index // (len(STEMS) * len(MIDDLES) * len(ENDINGS))
    suffix = f" {cycle + 1}" if cycle else ""
    return f"{stem}{middle}{ending_en}{suffix}", f"{stem}{middle}{ending_fr}{suffix}"


def body(rng, with_list):
    sentences = rng.sample(SENTENCES, 2)
    paragraphs = [(" ".join(s[0] for s in sentences), " ".join(s[1] for s in sentences))]
    if with_list:
        items = rng.sample(LIST_ITEMS, 3)
        paragraphs.append(LIST_LEAD)
        paragraphs.append(
            ("\n".join(f"- {i[0]}" for i in items), "\n".join(f"- {i[1]}" for i in items))
        )
    return "\n\n".join(p[0] for p in paragraphs), "\n\n".join(p[1] for p in paragraphs)


def batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class Command(BaseCommand):
    help = (
        "Fill an empty database with realistic fake content in English and French, for load "
        "tests: regions, missions (every kind and status, with predecessors), daily or weekly "
        "figures going back from yesterday, region-level figures and postings. "
        f'Generated slugs start with "{PREFIX}".'
    )

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=int, default=200, help="Number of regions.")
        parser.add_argument(
            "--missions-per-region", type=int, default=5, help="Number of missions per region."
        )
        parser.add_argument(
            "--snapshots-per-mission",
            type=int,
            default=1000,
            help="Number of dated figures per mission.",
        )
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Rows per INSERT statement."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even if the database has content. Records generated by an earlier run "
            f'(slugs starting with "{PREFIX}") are replaced; other records are kept.',
        )

    def handle(self, *args, **options):
        for name in ("regions", "missions_per_region", "snapshots_per_mission", "batch_size"):
            if options[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} must be 1 or more.")
        if options["snapshots_per_mission"] > MAX_SNAPSHOTS_PER_MISSION:
            raise CommandError(
                f"--snapshots-per-mission must be at most {MAX_SNAPSHOTS_PER_MISSION:,}."
            )
        models = (Region, Mission, Posting, DeploymentSnapshot)
        if not options["force"] and any(m.objects.exists() for m in models):
            raise CommandError(
                "The database already has content; generated data is meant for an empty, "
                "throwaway database. Use --force to add it anyway (earlier generated records "
                "are replaced, the rest is kept)."
            )
        self.rng = random.Random(9)  # the same data on every run
        self.batch_size = options["batch_size"]
        self.yesterday = timezone.localdate() - datetime.timedelta(days=1)
        start = time.monotonic()
        with transaction.atomic():
            if options["force"]:
                self.delete_generated()
            regions = self.create_regions(options["regions"])
            missions = self.create_missions(regions, options["missions_per_region"])
            snapshots = self.create_snapshots(regions, missions, options["snapshots_per_mission"])
            postings = self.create_postings(max(2, options["regions"] // 10))
            edition = self.publish()
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {len(regions):,} regions, {len(missions):,} missions, "
                f"{snapshots:,} snapshots and {len(postings):,} postings, published as "
                f"edition {edition.number}, in {time.monotonic() - start:.0f} s."
            )
        )

    def publish(self):
        """Publish the generated working copy: the public pages show editions only."""
        live = Edition.objects.live()
        return publish(
            user=None,
            summary_en="Generated load data",
            summary_fr="Données de charge générées",
            significant=True,
            reviewed_hash=content_hash(build_document()),
            base_number=live.number if live else 0,
        )

    def progress(self, message):
        self.stderr.write(message)
        self.stderr.flush()

    def delete_generated(self):
        # Plain SQL: a QuerySet.delete() would load every row to send signals, and
        # simple-history would then record a million deletions of fake data.
        quote = connection.ops.quote_name
        region = quote(Region._meta.db_table)
        with connection.cursor() as cursor:
            for model in (DeploymentSnapshot, Mission):
                cursor.execute(
                    f"DELETE FROM {quote(model._meta.db_table)} WHERE region_id IN "
                    f"(SELECT id FROM {region} WHERE slug LIKE %s)",
                    [f"{PREFIX}%"],
                )
            for model in (Region, Posting):
                cursor.execute(
                    f"DELETE FROM {quote(model._meta.db_table)} WHERE slug LIKE %s",
                    [f"{PREFIX}%"],
                )

    def create_regions(self, count):
        rng = self.rng
        regions = []
        for i in range(count):
            place_en, place_fr = place_name(i)
            form_en, form_fr = REGION_FORMS[i % len(REGION_FORMS)]
            note = NOTE if i % 10 == 3 else ("", "")
            intro = INTRO if i % 3 == 0 else ("", "")
            year = self.yesterday.year - rng.randint(3, 30)
            regions.append(
                Region(
                    slug=f"{PREFIX}region-{i + 1:04d}",
                    position=1000 + i,
                    name_en=form_en.format(en=place_en),
                    name_fr=form_fr.format(fr=place_fr),
                    language=rng.choice(Language.values),
                    armed=rng.random() < 0.3,
                    note_en=note[0].format(en=place_en),
                    note_fr=note[1].format(fr=place_fr),
                    intro_en=intro[0].format(en=place_en, year=year),
                    intro_fr=intro[1].format(fr=place_fr, year=year),
                    published=True,
                )
            )
        regions = Region.objects.bulk_create(regions, batch_size=self.batch_size)
        self.progress(f"Regions: {len(regions):,}")
        return regions

    def mission_plan(self, region_index, count):
        """(status, predecessor position) of each mission of a region. Position 0 ended and
        was replaced by position 1; in every third region position 1 ended too and was
        replaced by position 2, a lineage like MINUSTAH, MINUJUSTH, BINUH."""
        plan = [[Status.ACTIVE, None] for _ in range(count)]
        if count >= 2:
            plan[0][0] = Status.ENDED
            plan[1][1] = 0
        if count >= 3 and region_index % 3 == 0:
            plan[1][0] = Status.ENDED
            plan[2][1] = 1
        if count >= 3 and region_index % 4 == 1:
            plan[-1][0] = Status.SUSPENDED
        return plan

    def create_missions(self, regions, per_region):
        rng = self.rng
        kinds = Mission.Kind.values
        missions, predecessors = [], []
        for i, region in enumerate(regions):
            place_en, place_fr = place_name(i)
            plan = self.mission_plan(i, per_region)
            first = len(missions)
            for j, (status, predecessor) in enumerate(plan):
                kind = kinds[(i + j) % len(kinds)]
                name_en, name_fr, acronym = rng.choice(MISSION_FORMS[kind])
                if acronym:
                    acronym += place_en[:3].upper()
                body_en, body_fr = body(rng, with_list=j % 2 == 0)
                missions.append(
                    Mission(
                        region=region,
                        slug=f"{PREFIX}mission-{i + 1:04d}-{j + 1}",
                        position=j + 1,
                        kind=kind,
                        status=status,
                        name_en=name_en.format(en=place_en),
                        name_fr=name_fr.format(fr=place_fr),
                        acronym_en=acronym,
                        acronym_fr=acronym,
                        body_en=body_en,
                        body_fr=body_fr,
                        language=rng.choice(Language.values) if j == 3 else "",
                        armed=(not region.armed) if j == 4 else None,
                        source="Generated for load tests (manage.py generate_load_data).",
                        published=True,
                    )
                )
                predecessors.append(None if predecessor is None else first + predecessor)
        missions = Mission.objects.bulk_create(missions, batch_size=self.batch_size)
        for mission, predecessor in zip(missions, predecessors, strict=True):
            if predecessor is not None:
                mission.predecessor = missions[predecessor]
        Mission.objects.bulk_update(
            [m for m in missions if m.predecessor_id],
            ["predecessor"],
            batch_size=self.batch_size,
        )
        self.progress(f"Missions: {len(missions):,}")
        return missions

    def create_snapshots(self, regions, missions, per_mission):
        total = len(missions) * per_mission
        regional = [(i, r) for i, r in enumerate(regions) if i % 2 == 0]
        per_region = max(1, per_mission // 10)
        total += len(regional) * per_region
        self.set_mission_dates(missions, per_mission)
        rows = itertools.chain(
            (s for m in missions for s in self.mission_series(m, per_mission)),
            (s for _i, r in regional for s in self.region_series(r, per_region)),
        )
        done, shown = 0, -1
        for batch in batched(rows, self.batch_size):
            DeploymentSnapshot.objects.bulk_create(batch)
            done += len(batch)
            percent = done * 100 // total
            if percent // 5 > shown // 5 or done == total:
                shown = percent
                self.progress(f"Snapshots: {done:,} of {total:,} ({percent}%)")
        Mission.objects.bulk_update(
            missions,
            ["started", "started_precision", "ended"],
            batch_size=self.batch_size,
        )
        return done

    def cadence(self, mission):
        """Figures are recorded daily for some missions and weekly for others."""
        return datetime.timedelta(days=1 if mission.position % 2 else 7)

    def set_mission_dates(self, missions, per_mission):
        """Series end yesterday, or the day before the successor started; a mission starts
        with its first figure (known to the day, the month or the year)."""
        successor_of = {m.predecessor_id: m.pk for m in missions if m.predecessor_id}
        first_figure, self.series_end = {}, {}
        for mission in reversed(missions):  # successors come after their predecessors
            if mission.status == Status.ENDED:
                mission.ended = first_figure[successor_of[mission.pk]] - datetime.timedelta(1)
                last = mission.ended
            else:
                last = self.yesterday
            first = last - self.cadence(mission) * (per_mission - 1)
            first_figure[mission.pk] = first
            self.series_end[mission.pk] = last
            # A successor's start is known to the day (it follows its predecessor's end).
            precision = Precision.DAY
            if not mission.predecessor_id:
                precision = [Precision.DAY, Precision.MONTH, Precision.YEAR][mission.pk % 3]
            if precision == Precision.MONTH:
                first = first.replace(day=1)
            elif precision == Precision.YEAR:
                first = first.replace(month=1, day=1)
            mission.started, mission.started_precision = first, precision

    def mission_series(self, mission, count):
        rng = self.rng
        step = self.cadence(mission)
        authorized = rng.choice([10, 15, 20, 25, 30, 40, 45, 50, 60, 90])
        deployed = authorized // 2
        # Some sources give only the authorized figure (the 2024-25 page does).
        with_deployed = mission.pk % 5 != 0
        as_of = self.series_end[mission.pk] - step * (count - 1)
        winding_down = count - max(1, count // 10)
        for n in range(count):
            if rng.random() < 0.02:
                authorized = max(5, authorized + rng.choice([-5, 5]))
            if n >= winding_down and mission.status != Status.ACTIVE:
                deployed = max(0, deployed - rng.randint(0, 3))
            elif rng.random() < 0.2:
                deployed += rng.choice([-2, -1, 1, 2])
            deployed = min(max(deployed, 0), authorized)
            yield DeploymentSnapshot(
                region_id=mission.region_id,
                mission=mission,
                as_of=as_of,
                authorized=authorized,
                deployed=deployed if with_deployed else None,
                source=f"Deployment report of {as_of:%Y-%m-%d} (generated)",
            )
            as_of += step

    def region_series(self, region, count):
        """Monthly region-level caps, shared by the region's missions."""
        authorized = self.rng.choice([20, 25, 45, 48, 60, 100])
        step = datetime.timedelta(days=30)
        as_of = self.yesterday - step * (count - 1)
        for _n in range(count):
            if self.rng.random() < 0.05:
                authorized = max(5, authorized + self.rng.choice([-5, 5]))
            yield DeploymentSnapshot(
                region=region,
                as_of=as_of,
                authorized=authorized,
                source=f"Region-level cap as of {as_of:%Y-%m-%d} (generated)",
            )
            as_of += step

    def create_postings(self, count):
        rng = self.rng
        postings = []
        for i in range(count):
            role_en, role_fr = ROLES[i % len(ROLES)]
            org_en, org_fr = ORGANIZATIONS[i % len(ORGANIZATIONS)]
            city_en, city_fr, country_en, country_fr = PLACES[i % len(PLACES)]
            body_en, body_fr = body(rng, with_list=False)
            postings.append(
                Posting(
                    slug=f"{PREFIX}posting-{i + 1:04d}",
                    kind=Posting.Kind.SPECIALIZED if i % 3 else Posting.Kind.OTHER,
                    position=1000 + i,
                    title_en=f"{role_en}, {org_en}, {city_en}",
                    title_fr=f"{role_fr}, {org_fr}, {city_fr}",
                    organization_en=org_en,
                    organization_fr=org_fr,
                    city_en=city_en,
                    city_fr=city_fr,
                    country_en=country_en,
                    country_fr=country_fr,
                    body_en=body_en,
                    body_fr=body_fr,
                    since=self.yesterday - datetime.timedelta(days=rng.randint(100, 5000)),
                    since_precision=Precision.MONTH,
                    status=Status.ENDED if i % 7 == 6 else Status.ACTIVE,
                    published=True,
                )
            )
        postings = Posting.objects.bulk_create(postings, batch_size=self.batch_size)
        self.progress(f"Postings: {len(postings):,}")
        return postings
