"""Synthetic, deterministic archive data for the benchmark: one relationship, many records.

`seed(records=100_000)` fills an empty database (migrated) with published exchange
records between Seattle and Chongqing, written in English and Chinese from small
vocabularies, then rebuilds the search index. The same ``random_seed`` gives the same
data on every database.

A few terms are kept rare on purpose so that the fixed benchmark queries (bench/queries.py)
have realistic hit counts: Microsoft/微软, Confucius Institute/孔子学院, tunnel boring
machine/盾构机, masks/口罩, McGinn/麦金 each appear in roughly 0.3–1.5 % of the records,
and the first records of every run carry each of them, so even a small run finds them.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from twinning.cities.models import City, Relationship
from twinning.exchanges.models import Category, Exchange, Participation
from twinning.people.models import Appointment, Organisation, Person
from twinning.search.services import search_index_rebuild

FIRST_YEAR, LAST_YEAR = 1983, 2025
PUBLISHED_AT = datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC)

SEATTLE = ("seattle", "Seattle", "西雅图", "United States", "美国", "America/Los_Angeles")
CHONGQING = ("chongqing", "Chongqing", "重庆", "China", "中国", "Asia/Shanghai")

CATEGORIES = [
    ("official-visits", "Official visits", "官方访问", "#0b5f8a"),
    ("business", "Business and trade", "经贸合作", "#b5542a"),
    ("education", "Education", "教育交流", "#2f7d32"),
    ("culture", "Culture and sport", "文化体育", "#7b3fa0"),
    ("science", "Science and technology", "科技合作", "#a07a0b"),
    ("aid", "Aid and health", "援助与卫生", "#c2185b"),
]

# (English, Chinese, category slug)
TOPICS = [
    ("trade", "贸易", "business"),
    ("investment", "投资", "business"),
    ("port logistics", "港口物流", "business"),
    ("aviation", "航空", "business"),
    ("agriculture", "农业", "business"),
    ("coffee", "咖啡", "business"),
    ("software", "软件", "science"),
    ("clean energy", "清洁能源", "science"),
    ("water treatment", "水处理", "science"),
    ("urban planning", "城市规划", "science"),
    ("biomedicine", "生物医药", "science"),
    ("robotics", "机器人", "science"),
    ("river restoration", "河流治理", "science"),
    ("rail transit", "轨道交通", "science"),
    ("education", "教育", "education"),
    ("vocational training", "职业培训", "education"),
    ("Chinese language teaching", "汉语教学", "education"),
    ("English teaching", "英语教学", "education"),
    ("university research", "大学科研", "education"),
    ("school exchanges", "中小学交流", "education"),
    ("music", "音乐", "culture"),
    ("Sichuan opera", "川剧", "culture"),
    ("photography", "摄影", "culture"),
    ("film", "电影", "culture"),
    ("museum exhibitions", "博物馆展览", "culture"),
    ("hot pot cuisine", "火锅美食", "culture"),
    ("table tennis", "乒乓球", "culture"),
    ("basketball", "篮球", "culture"),
    ("marathon running", "马拉松", "culture"),
    ("libraries", "图书馆", "culture"),
    ("giant pandas", "大熊猫", "culture"),
    ("tourism", "旅游", "official-visits"),
    ("youth leadership", "青年领导力", "official-visits"),
    ("municipal governance", "市政管理", "official-visits"),
    ("environmental protection", "环境保护", "official-visits"),
    ("public health", "公共卫生", "aid"),
    ("hospital management", "医院管理", "aid"),
    ("earthquake relief", "抗震救灾", "aid"),
    ("nursing", "护理", "aid"),
    ("firefighting", "消防", "aid"),
]

PLACES = [
    ("the Space Needle", "太空针塔"),
    ("Pike Place Market", "派克市场"),
    ("the University of Washington", "华盛顿大学"),
    ("the Port of Seattle", "西雅图港"),
    ("Seattle Center", "西雅图中心"),
    ("the Museum of Pop Culture", "流行文化博物馆"),
    ("Jiefangbei", "解放碑"),
    ("Ciqikou old town", "磁器口古镇"),
    ("the Three Gorges Museum", "三峡博物馆"),
    ("Chongqing University", "重庆大学"),
    ("Chaotianmen", "朝天门"),
    ("Hongyadong", "洪崖洞"),
    ("the Liangjiang New Area", "两江新区"),
    ("Guoyuan Port", "果园港"),
    ("the Dazu Rock Carvings", "大足石刻"),
    ("Southwest University", "西南大学"),
]

OFFICES_MET = [
    ("the Mayor of Seattle", "西雅图市长"),
    ("the Mayor of Chongqing", "重庆市长"),
    ("members of the Seattle City Council", "西雅图市议会议员"),
    ("the Chongqing Foreign Affairs Office", "重庆市外事办公室"),
    ("the Consul General", "总领事"),
    ("the Port Commission", "港务委员会"),
    ("university presidents", "大学校长"),
    ("business leaders", "企业负责人"),
]

# Title templates: slots {org} {src} {dst} {topic} (and their Chinese *_zh twins).
TITLES = [
    (
        "{org} delegation visits {dst} to discuss {topic}",
        "{org_zh}代表团访问{dst_zh}，商讨{topic_zh}合作",
    ),
    ("{src} and {dst} sign a memorandum on {topic}", "{src_zh}与{dst_zh}签署{topic_zh}合作备忘录"),
    ("{Topic} exchange between {src} and {dst}", "{src_zh}与{dst_zh}开展{topic_zh}交流"),
    ("Students from {src} study {topic} in {dst}", "{src_zh}学生赴{dst_zh}学习{topic_zh}"),
    ("{dst} hosts a {topic} exhibition from {src}", "{dst_zh}举办{src_zh}{topic_zh}展"),
    ("Sister-city forum on {topic} held in {dst}", "友好城市{topic_zh}论坛在{dst_zh}举行"),
    ("{org} welcomes visitors from {src}", "{org_zh}接待{src_zh}来访团组"),
    (
        "Experts from {src} share {topic} experience in {dst}",
        "{src_zh}专家在{dst_zh}分享{topic_zh}经验",
    ),
]

SENTENCES = [
    (
        "A delegation of {n} people from {org} travelled to {dst} in {year}.",
        "{year}年，{org_zh}一行{n}人赴{dst_zh}访问。",
    ),
    (
        "The visitors met {office} and toured {place}.",
        "访问团会见了{office_zh}，参观了{place_zh}。",
    ),
    (
        "Both sides agreed to continue cooperation on {topic2}.",
        "双方同意继续在{topic2_zh}领域开展合作。",
    ),
    (
        "The programme included workshops on {topic2} and a visit to {place}.",
        "活动包括{topic2_zh}研讨会和{place_zh}参观。",
    ),
    ("Local media in {src} reported on the event.", "{src_zh}当地媒体对活动进行了报道。"),
    (
        "{n} participants attended the closing ceremony at {place}.",
        "{n}名参与者出席了在{place_zh}举行的闭幕式。",
    ),
    (
        "The exchange took place under the sister-city agreement of 1983.",
        "此次交流依据1983年签署的友好城市协议进行。",
    ),
    ("Teachers and students from both cities took part.", "两市师生参加了活动。"),
]


@dataclass(frozen=True)
class Rare:
    """A rare subject: its own titles and sentences, category, years and share of records."""

    name: str
    share: float
    category: str
    years: tuple[int, int]
    titles: tuple[tuple[str, str], ...]
    sentence: tuple[str, str]


RARE = [
    Rare(
        "microsoft",
        0.008,
        "science",
        (1995, 2025),
        (
            (
                "Microsoft hosts a Chongqing software delegation in Redmond",
                "微软在雷德蒙德接待重庆软件代表团",
            ),
            ("Chongqing engineers trained at Microsoft in Seattle", "重庆工程师赴西雅图微软培训"),
            (
                "Microsoft and Chongqing sign a cloud computing agreement",
                "微软与重庆签署云计算合作协议",
            ),
        ),
        ("Microsoft presented its work on {topic2}.", "微软介绍了其在{topic2_zh}方面的工作。"),
    ),
    Rare(
        "confucius",
        0.012,
        "education",
        (2005, 2019),
        (
            (
                "Confucius Institute in Seattle celebrates the Spring Festival",
                "西雅图孔子学院举办春节庆祝活动",
            ),
            (
                "Chongqing teachers join the Confucius Institute in Seattle",
                "重庆教师赴西雅图孔子学院任教",
            ),
            (
                "Confucius Institute summer camp for students from {src}",
                "孔子学院为{src_zh}学生举办夏令营",
            ),
        ),
        (
            "The Confucius Institute organised classes on {topic2}.",
            "孔子学院组织了{topic2_zh}课程。",
        ),
    ),
    Rare(
        "tbm",
        0.003,
        "business",
        (2009, 2019),
        (
            (
                "Tunnel boring machines from Seattle for Chongqing rail line {line}",
                "西雅图盾构机助力重庆轨道交通{line}号线",
            ),
            (
                "Robbins tunnel boring machine breaks through in Chongqing",
                "罗宾斯盾构机在重庆顺利贯通",
            ),
        ),
        (
            "The tunnel boring machine was built by the Robbins Company.",
            "这台盾构机由罗宾斯公司制造。",
        ),
    ),
    Rare(
        "masks",
        0.015,
        "aid",
        (2020, 2022),
        (
            (
                "{src} donates {n}000 masks to {dst} as pandemic aid",
                "{src_zh}向{dst_zh}捐赠{n}000只口罩抗击疫情",
            ),
            (
                "Masks and gloves shipped from {src} to {dst} hospitals",
                "{src_zh}向{dst_zh}医院运送口罩和手套",
            ),
        ),
        ("Volunteers packed the masks for hospitals in {dst}.", "志愿者为{dst_zh}的医院打包口罩。"),
    ),
    Rare(
        "mcginn",
        0.005,
        "official-visits",
        (2010, 2013),
        (
            ("Mayor McGinn leads a Seattle delegation to Chongqing", "西雅图市长麦金率团访问重庆"),
            (
                "Mayor McGinn welcomes Chongqing officials to Seattle",
                "麦金市长欢迎重庆官员访问西雅图",
            ),
        ),
        ("Mayor Mike McGinn spoke about {topic2}.", "麦金市长就{topic2_zh}发表讲话。"),
    ),
]

ORG_PREFIXES = [
    ("Seattle", "西雅图"),
    ("Chongqing", "重庆"),
    ("Puget Sound", "普吉特湾"),
    ("Yangtze River", "长江"),
    ("Pacific Northwest", "太平洋西北"),
    ("Jialing", "嘉陵"),
    ("Cascade", "喀斯喀特"),
    ("Shapingba", "沙坪坝"),
    ("Yuzhong", "渝中"),
    ("King County", "金县"),
    ("Jiangbei", "江北"),
    ("Bellevue", "贝尔维尤"),
]
ORG_NOUNS = [
    ("Chamber of Commerce", "商会", "association"),
    ("Art Museum", "美术馆", "museum"),
    ("Public Library", "图书馆", "library"),
    ("Foreign Language School", "外国语学校", "school"),
    ("Technical College", "职业技术学院", "university"),
    ("Trade Association", "贸易协会", "association"),
    ("Medical Centre", "医疗中心", "other"),
    ("Television", "电视台", "media"),
    ("Daily", "日报", "media"),
    ("Port Authority", "港务局", "government"),
    ("Symphony Orchestra", "交响乐团", "other"),
    ("Engineering Company", "工程公司", "company"),
    ("Software Company", "软件公司", "company"),
    ("Youth Federation", "青年联合会", "association"),
    ("Friendship Association", "友好协会", "association"),
    ("Normal University", "师范大学", "university"),
    ("Science Museum", "科技馆", "museum"),
]
NAMED_ORGS = {
    "microsoft": ("Microsoft", "微软", "company"),
    "confucius": (
        "Confucius Institute at the University of Washington",
        "华盛顿大学孔子学院",
        "school",
    ),
    "tbm": ("The Robbins Company", "罗宾斯公司", "company"),
    "mcginn": ("City of Seattle", "西雅图市政府", "government"),
}

FIRST_NAMES = [
    ("Michael", "迈克尔"),
    ("Sarah", "莎拉"),
    ("David", "大卫"),
    ("Jennifer", "珍妮弗"),
    ("James", "詹姆斯"),
    ("Linda", "琳达"),
    ("Robert", "罗伯特"),
    ("Susan", "苏珊"),
    ("John", "约翰"),
    ("Karen", "凯伦"),
    ("Thomas", "托马斯"),
    ("Emily", "艾米丽"),
    ("Daniel", "丹尼尔"),
    ("Laura", "劳拉"),
    ("Mark", "马克"),
    ("Anna", "安娜"),
]
LAST_NAMES = [
    ("Anderson", "安德森"),
    ("Baker", "贝克"),
    ("Carter", "卡特"),
    ("Davis", "戴维斯"),
    ("Evans", "埃文斯"),
    ("Foster", "福斯特"),
    ("Garcia", "加西亚"),
    ("Harris", "哈里斯"),
    ("Johnson", "约翰逊"),
    ("Klein", "克莱因"),
    ("Lopez", "洛佩斯"),
    ("Miller", "米勒"),
    ("Nelson", "纳尔逊"),
    ("Olsen", "奥尔森"),
    ("Parker", "帕克"),
    ("Reed", "里德"),
]
SURNAMES = [
    ("Wang", "王"),
    ("Li", "李"),
    ("Zhang", "张"),
    ("Liu", "刘"),
    ("Chen", "陈"),
    ("Yang", "杨"),
    ("Huang", "黄"),
    ("Zhao", "赵"),
    ("Wu", "吴"),
    ("Zhou", "周"),
    ("Xu", "徐"),
    ("Sun", "孙"),
]
GIVEN_NAMES = [
    ("Wei", "伟"),
    ("Fang", "芳"),
    ("Min", "敏"),
    ("Jing", "静"),
    ("Lei", "磊"),
    ("Tao", "涛"),
    ("Ming", "明"),
    ("Hui", "慧"),
    ("Qiang", "强"),
    ("Ping", "平"),
    ("Xiaoming", "晓明"),
    ("Jianguo", "建国"),
    ("Lihua", "丽华"),
    ("Zhiqiang", "志强"),
]
APPOINTMENT_OFFICES = [
    ("Deputy Mayor", "副市长"),
    ("Director", "主任"),
    ("Professor", "教授"),
    ("Principal", "校长"),
    ("Chief Executive", "首席执行官"),
    ("Council Member", "议员"),
    ("Curator", "馆长"),
    ("Chair", "主席"),
    ("Chief Engineer", "总工程师"),
    ("Adviser", "顾问"),
]
ROLES = [
    ("Delegation leader", "团长"),
    ("Speaker", "发言人"),
    ("Host", "接待方"),
    ("Member of the delegation", "团员"),
    ("Interpreter", "翻译"),
]

SHARE_ENGLISH_ONLY, SHARE_CHINESE_ONLY = 0.12, 0.08
SHARE_WITH_PEOPLE, SHARE_WITH_ORGANISATIONS = 0.2, 0.3


def _year_weights() -> tuple[list[int], list[float]]:
    """More records in recent years, as in a real archive."""
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    return years, [1.0 + 0.15 * (year - FIRST_YEAR) for year in years]


def _date(rng: random.Random, year: int) -> tuple[datetime.date | None, datetime.date | None, str]:
    roll = rng.random()
    if roll < 0.01:
        return None, None, "unknown"
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    if roll < 0.11:
        return datetime.date(year, 1, 1), None, "year"
    if roll < 0.31:
        return datetime.date(year, month, 1), None, "month"
    start = datetime.date(year, month, day)
    end = start + datetime.timedelta(days=rng.randint(1, 10)) if roll > 0.95 else None
    return start, end, "day"


def _fill(template: str, slots: dict[str, str]) -> str:
    return template.format(**slots)


@dataclass
class _World:
    relationship: Relationship
    categories: dict[str, Category]
    organisations: list[Organisation]
    named_orgs: dict[str, Organisation]
    people: list[Person]
    appointments: dict[int, Appointment]
    mcginn: Person


def _world(rng: random.Random) -> _World:
    cities = []
    for slug, en, zh, country_en, country_zh, tz in (SEATTLE, CHONGQING):
        city, _ = City.objects.get_or_create(
            slug=slug,
            defaults={
                "name_en": en,
                "name_zh_hans": zh,
                "country_en": country_en,
                "country_zh_hans": country_zh,
                "time_zone": tz,
            },
        )
        cities.append(city)
    relationship, _ = Relationship.objects.get_or_create(
        slug="seattle-chongqing",
        defaults={
            "city_a": cities[0],
            "city_b": cities[1],
            "established_on": datetime.date(1983, 6, 3),
            "established_precision": "day",
            "summary_en": "Sister cities since 1983.",
            "summary_zh_hans": "1983年结为友好城市。",
        },
    )
    categories = {}
    for position, (slug, en, zh, colour) in enumerate(CATEGORIES):
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug,
            defaults={"name_en": en, "name_zh_hans": zh, "colour": colour, "position": position},
        )

    orgs = [
        Organisation(
            slug=f"bench-org-{n:03d}",
            name_en=f"{prefix_en} {noun_en}",
            name_zh_hans=f"{prefix_zh}{noun_zh}",
            kind=kind,
            city=cities[0] if n % 2 == 0 else cities[1],
            description_en=f"An organisation in {prefix_en}.",
            description_zh_hans=f"位于{prefix_zh}的机构。",
        )
        for n, ((prefix_en, prefix_zh), (noun_en, noun_zh, kind)) in enumerate(
            (p, q) for p in ORG_PREFIXES for q in ORG_NOUNS
        )
    ]
    for name, (en, zh, kind) in NAMED_ORGS.items():
        orgs.append(
            Organisation(
                slug=f"bench-org-{name}", name_en=en, name_zh_hans=zh, kind=kind, city=cities[0]
            )
        )
    orgs = Organisation.objects.bulk_create(orgs)
    named_orgs = {org.slug.removeprefix("bench-org-"): org for org in orgs[-len(NAMED_ORGS) :]}
    organisations = orgs[: -len(NAMED_ORGS)]

    names = [(f"{f} {last}", f"{fz}·{lz}") for f, fz in FIRST_NAMES for last, lz in LAST_NAMES]
    names += [(f"{s} {g}", f"{sz}{gz}") for s, sz in SURNAMES for g, gz in GIVEN_NAMES]
    people = Person.objects.bulk_create(
        [
            Person(
                slug=f"bench-person-{n:03d}",
                name_en=en,
                name_zh_hans=zh,
                description_en=f"{en} took part in sister-city exchanges.",
                description_zh_hans=f"{zh}参与了友好城市交流。",
            )
            for n, (en, zh) in enumerate(names)
        ]
        + [
            Person(
                slug="bench-mike-mcginn",
                name_en="Mike McGinn",
                name_zh_hans="迈克·麦金",
                description_en="Mayor of Seattle from 2010 to 2013.",
                description_zh_hans="2010年至2013年任西雅图市长。",
            )
        ]
    )
    mcginn = people.pop()
    appointments = []
    for person in people:
        office_en, office_zh = rng.choice(APPOINTMENT_OFFICES)
        start = rng.randint(FIRST_YEAR, LAST_YEAR - 1)
        appointments.append(
            Appointment(
                person=person,
                office_en=office_en,
                office_zh_hans=office_zh,
                organisation=rng.choice(organisations),
                start_year=start,
                end_year=min(LAST_YEAR, start + rng.randint(1, 8)),
            )
        )
    appointments.append(
        Appointment(
            person=mcginn,
            office_en="Mayor of Seattle",
            office_zh_hans="西雅图市长",
            organisation=named_orgs["mcginn"],
            start_year=2010,
            end_year=2013,
        )
    )
    appointments = Appointment.objects.bulk_create(appointments)
    by_person = {a.person_id: a for a in appointments}
    return _World(relationship, categories, organisations, named_orgs, people, by_person, mcginn)


def _record(rng: random.Random, n: int, world: _World, years, weights) -> tuple[dict, str | None]:
    """The fields of record ``n`` and its rare subject (or None)."""
    if n < 2 * len(RARE):
        rare = RARE[n % len(RARE)]
    else:
        roll, rare = rng.random(), None
        for candidate in RARE:
            if roll < candidate.share:
                rare = candidate
                break
            roll -= candidate.share
    direction = rng.choice(["a_to_b", "b_to_a", "joint"])
    src, dst = (SEATTLE, CHONGQING) if direction != "b_to_a" else (CHONGQING, SEATTLE)
    topic = rng.choice(TOPICS)
    topic2 = rng.choice(TOPICS)
    org = rng.choice(world.organisations)
    place = rng.choice(PLACES)
    office = rng.choice(OFFICES_MET)
    year = rng.randint(*rare.years) if rare else rng.choices(years, weights)[0]
    slots = {
        "org": org.name_en,
        "org_zh": org.name_zh_hans,
        "src": src[1],
        "src_zh": src[2],
        "dst": dst[1],
        "dst_zh": dst[2],
        "topic": topic[0],
        "Topic": topic[0][0].upper() + topic[0][1:],
        "topic_zh": topic[1],
        "topic2": topic2[0],
        "topic2_zh": topic2[1],
        "place": place[0],
        "place_zh": place[1],
        "office": office[0],
        "office_zh": office[1],
        "n": str(rng.randint(3, 60)),
        "line": str(rng.randint(1, 10)),
        "year": str(year),
    }
    title = rng.choice(rare.titles if rare else TITLES)
    sentences = rng.sample(SENTENCES, rng.randint(2, 3))
    if rare:
        sentences.insert(0, rare.sentence)
    summary_en = " ".join(_fill(s[0], slots) for s in sentences)
    summary_zh = "".join(_fill(s[1], slots) for s in sentences)
    start, end, precision = _date(rng, year)
    if n < 2 * len(RARE):
        mode = "both"
    else:
        roll = rng.random()
        mode = "both"
        if roll < SHARE_ENGLISH_ONLY:
            mode = "en"
        elif roll < SHARE_ENGLISH_ONLY + SHARE_CHINESE_ONLY:
            mode = "zh"
    english, chinese = mode in ("both", "en"), mode in ("both", "zh")
    fields = {
        "key": f"bench-{n:06d}",
        "relationship": world.relationship,
        "category": world.categories[rare.category if rare else topic[2]],
        "direction": direction,
        "date_start": start,
        "date_end": end,
        "date_precision": precision,
        "title_en": _fill(title[0], slots) if english else "",
        "title_zh_hans": _fill(title[1], slots) if chinese else "",
        "summary_en": summary_en if english else "",
        "summary_zh_hans": summary_zh if chinese else "",
        "places_en": place[0].removeprefix("the ") if english else "",
        "places_zh_hans": place[1] if chinese else "",
        "status": Exchange.Status.PUBLISHED,
        "published_at": PUBLISHED_AT,
    }
    return fields, rare.name if rare else None


def _links(rng: random.Random, exchange: Exchange, rare: str | None, world: _World):
    participations, org_links = [], []
    people = []
    if rare == "mcginn":
        people.append(world.mcginn)
    if rng.random() < SHARE_WITH_PEOPLE:
        people += rng.sample(world.people, rng.randint(1, 3))
    for position, person in enumerate(people):
        role_en, role_zh = ROLES[0] if position == 0 else rng.choice(ROLES[1:])
        participations.append(
            Participation(
                exchange_id=exchange.pk,
                person_id=person.pk,
                appointment_id=world.appointments[person.pk].pk,
                role_en=role_en,
                role_zh_hans=role_zh,
                position=position,
            )
        )
    orgs = []
    if rare in world.named_orgs:
        orgs.append(world.named_orgs[rare])
    if rng.random() < SHARE_WITH_ORGANISATIONS:
        orgs += rng.sample(world.organisations, rng.randint(1, 2))
    org_links = [
        Exchange.organisations.through(exchange_id=exchange.pk, organisation_id=org.pk)
        for org in orgs
    ]
    return participations, org_links


def seed(
    *,
    records: int = 100_000,
    random_seed: int = 1983,
    batch_size: int = 2000,
    index: bool = True,
    progress: Callable[[str], None] | None = None,
) -> dict[str, float]:
    """Fill an empty, migrated database; returns counts and the seconds each step took."""
    say = progress or (lambda message: None)
    rng = random.Random(random_seed)
    years, weights = _year_weights()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with transaction.atomic():
        world = _world(rng)
        created = participations_made = links_made = 0
        while created < records:
            size = min(batch_size, records - created)
            rows = [_record(rng, created + i, world, years, weights) for i in range(size)]
            exchanges = Exchange.objects.bulk_create([Exchange(**fields) for fields, _ in rows])
            if any(e.pk is None for e in exchanges):  # a database that returns no ids
                ids = dict(
                    Exchange.objects.filter(key__in=[e.key for e in exchanges]).values_list(
                        "key", "pk"
                    )
                )
                for e in exchanges:
                    e.pk = ids[e.key]
            participations, org_links = [], []
            for exchange, (_fields, rare) in zip(exchanges, rows, strict=True):
                p, o = _links(rng, exchange, rare, world)
                participations += p
                org_links += o
            Participation.objects.bulk_create(participations)
            Exchange.organisations.through.objects.bulk_create(org_links)
            created += size
            participations_made += len(participations)
            links_made += len(org_links)
            if created % (batch_size * 10) == 0 or created == records:
                say(f"  {created:,} records")
    timings["seed_seconds"] = time.perf_counter() - started
    counts = {
        "records": created,
        "people": len(world.people) + 1,
        "organisations": len(world.organisations) + len(world.named_orgs),
        "participations": participations_made,
        "organisation_links": links_made,
    }
    if index:
        started = time.perf_counter()
        counts["indexed_documents"] = search_index_rebuild()
        timings["index_seconds"] = time.perf_counter() - started
        say(f"  indexed {counts['indexed_documents']:,} documents")
    return counts | timings
