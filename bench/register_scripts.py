"""Latin names written in other scripts, the way a register abroad would write them.

Person names go into Japanese katakana, Korean Hangul, Thai, Khmer and Amharic (Ethiopic) by
sound: the Latin word is cut into (consonant, vowel) syllables and each syllable is written
with that script's letters ("Barack Obama" -> バラク・オバマ). Company names go into Chinese
(pinyin syllables written with common characters, generic words and legal forms translated:
"Shenzhen Huawei Technology Co., Ltd." -> 深圳市华为技术有限公司) and Arabic (generic words
translated as an Arabic register translates them, the head noun first, names written by
sound: "Bank Melli Iran" -> بنك ملي ايران, "Mosakhar Darya Shipping Co" -> شركة موساخار
داريا للشحن).

The tables are this benchmark's own, written from common practice in each script, and simple
on purpose: a register clerk writes foreign names by ear, not by a standard.
"""

from __future__ import annotations

import random
import re
from functools import cache

from pypinyin.pinyin_dict import pinyin_dict

from match_romanisation import segment_pinyin
from match_text import split_legal_form, strip_marks

Syllable = tuple[str, str]
"""(consonant, vowel); the consonant may be "" and the vowel "" (a bare consonant)."""

_ONSETS = ("sh", "ch", "b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t",
           "v", "w", "y", "z")  # fmt: skip
_SPELLING = [
    ("sch", "sh"), ("tch", "ch"), ("ch", "C"), ("ck", "k"), ("ph", "f"), ("th", "t"), ("dh", "d"),
    ("kh", "h"), ("gh", "g"), ("zh", "j"), ("qu", "kw"), ("q", "k"), ("x", "ks"),
    ("c(?=[eiy])", "s"), ("c", "k"), ("ee", "i"), ("oo", "u"), ("ou", "u"), ("ie", "i"),
    ("ey", "ei"), ("ay", "ai"), ("y(?![aeiou])", "i"), ("([bdfgklmnprstvz])\\1", "\\1"),
    ("aa", "a"), ("ii", "i"), ("uu", "u"), ("ng(?![aeiou])", "n"), ("C", "ch"),
]  # fmt: skip


def syllables(word: str) -> list[Syllable]:
    """``word`` as (consonant, vowel) syllables: "Obama" -> ("", o), (b, a), (m, a)."""
    text = re.sub(r"[^a-z]", "", strip_marks(word).lower())
    for old, new in _SPELLING:
        text = re.sub(old, new, text)
    out: list[Syllable] = []
    i = 0
    while i < len(text):
        onset = next((o for o in _ONSETS if text.startswith(o, i)), "")
        i += len(onset)
        vowel = text[i] if i < len(text) and text[i] in "aeiou" else ""
        i += len(vowel)
        if not onset and not vowel:
            i += 1
            continue
        out.append((onset, vowel))
    return out


# -- Japanese katakana --------------------------------------------------------------

_KANA = {
    "": "アイウエオ", "k": "カキクケコ", "g": "ガギグゲゴ", "s": "サシスセソ", "z": "ザジズゼゾ",
    "t": "タチツテト", "d": "ダヂヅデド", "n": "ナニヌネノ", "h": "ハヒフヘホ",
    "b": "バビブベボ", "p": "パピプペポ", "m": "マミムメモ", "r": "ラリルレロ", "l": "ラリルレロ",
}  # fmt: skip
_KANA_PAIRS = {
    "sh": ("シャ", "シ", "シュ", "シェ", "ショ"), "j": ("ジャ", "ジ", "ジュ", "ジェ", "ジョ"),
    "ch": ("チャ", "チ", "チュ", "チェ", "チョ"), "f": ("ファ", "フィ", "フ", "フェ", "フォ"),
    "y": ("ヤ", "イ", "ユ", "イェ", "ヨ"), "w": ("ワ", "ウィ", "ウ", "ウェ", "ウォ"),
    "v": ("ヴァ", "ヴィ", "ヴ", "ヴェ", "ヴォ"),
}  # fmt: skip
_FIVE = "aiueo"


def _kana_syllable(onset: str, vowel: str, last: bool) -> str:
    if not vowel:
        if onset == "n" and last:
            return "ン"
        vowel = "o" if onset in ("t", "d") else "u"
    row = _KANA.get(onset)
    if onset == "t" and vowel in "iu":
        return "ティ" if vowel == "i" else "トゥ"
    if onset == "d" and vowel in "iu":
        return "ディ" if vowel == "i" else "ドゥ"
    if row is not None:
        return row[_FIVE.index(vowel)]
    return _KANA_PAIRS[onset][_FIVE.index(vowel)]


def to_katakana(name: str) -> str:
    """バラク・オバマ: words joined by a middle dot, as Japanese writes foreign names."""
    out = []
    for word in name.split():
        parts = syllables(word)
        out.append("".join(_kana_syllable(c, v, i == len(parts) - 1) for i, (c, v) in
                           enumerate(parts)))  # fmt: skip
    return "・".join(w for w in out if w)


# -- Korean Hangul ------------------------------------------------------------------

_HANGUL_INITIAL = {
    "": 11, "k": 15, "g": 0, "s": 9, "z": 12, "sh": 9, "j": 12, "ch": 14, "t": 16, "d": 3,
    "n": 2, "h": 18, "f": 17, "b": 7, "p": 17, "m": 6, "y": 11, "r": 5, "l": 5, "w": 11, "v": 7,
}  # fmt: skip
_HANGUL_VOWEL = {"a": 0, "e": 5, "i": 20, "o": 8, "u": 13}
_HANGUL_Y_VOWEL = {"a": 2, "e": 7, "i": 20, "o": 12, "u": 17}
_HANGUL_W_VOWEL = {"a": 9, "e": 15, "i": 16, "o": 14, "u": 13}
_HANGUL_FINAL = {"n": 4, "m": 16, "l": 8, "r": 8, "k": 1, "g": 1, "p": 17, "b": 17, "t": 19}
_NO_VOWEL = 18  # ㅡ, the vowel Korean adds to a consonant cluster


def _hangul(initial: int, vowel: int, final: int = 0) -> str:
    return chr(0xAC00 + (initial * 21 + vowel) * 28 + final)


def to_hangul(name: str) -> str:
    """버락 오바마: syllable blocks, a bare consonant as the final of the block before."""
    out = []
    for word in name.split():
        blocks: list[list[int]] = []
        for onset, vowel in syllables(word):
            if not vowel and blocks and blocks[-1][2] == 0 and onset in _HANGUL_FINAL:
                blocks[-1][2] = _HANGUL_FINAL[onset]
                continue
            if onset in ("y", "sh"):
                v = _HANGUL_Y_VOWEL.get(vowel, _NO_VOWEL)
            elif onset == "w":
                v = _HANGUL_W_VOWEL.get(vowel, _NO_VOWEL)
            else:
                v = _HANGUL_VOWEL.get(vowel, _NO_VOWEL)
            blocks.append([_HANGUL_INITIAL[onset], v, 0])
        out.append("".join(_hangul(*b) for b in blocks))
    return " ".join(w for w in out if w)


# -- Thai ---------------------------------------------------------------------------

_THAI_CONSONANT = {
    "": "อ", "k": "ค", "g": "ก", "s": "ซ", "z": "ซ", "sh": "ช", "j": "จ", "ch": "ช", "t": "ท",
    "d": "ด", "n": "น", "h": "ฮ", "f": "ฟ", "b": "บ", "p": "พ", "m": "ม", "y": "ย", "r": "ร",
    "l": "ล", "w": "ว", "v": "ว",
}  # fmt: skip
_THAI_FINAL = {"k": "ก", "g": "ก", "t": "ต", "d": "ด", "s": "ส", "p": "ป", "b": "บ", "r": "ร"}


def to_thai(name: str) -> str:
    """บารัค โอบามา: consonant letters with vowel signs (เ and โ written before)."""
    out = []
    for word in name.split():
        text = ""
        for onset, vowel in syllables(word):
            letter = _THAI_CONSONANT[onset]
            if not vowel:
                text += _THAI_FINAL.get(onset, letter) if text else letter
            elif vowel == "a":
                text += letter + "า"
            elif vowel == "i":
                text += letter + "ี"
            elif vowel == "u":
                text += letter + "ู"
            elif vowel == "e":
                text += "เ" + letter
            else:
                text += "โ" + letter
        out.append(text)
    return " ".join(w for w in out if w)


# -- Khmer --------------------------------------------------------------------------

_KHMER_CONSONANT = {
    "": "អ", "k": "ក", "g": "គ", "s": "ស", "z": "ស", "sh": "ស", "j": "ជ", "ch": "ឆ", "t": "ត",
    "d": "ដ", "n": "ន", "h": "ហ", "f": "ហ្វ", "b": "ប", "p": "ព", "m": "ម", "y": "យ", "r": "រ",
    "l": "ល", "w": "វ", "v": "វ",
}  # fmt: skip
_KHMER_VOWEL = {"a": "\u17b6", "i": "\u17b8", "u": "\u17bc", "e": "\u17c1", "o": "\u17c4", "": ""}


def to_khmer(name: str) -> str:
    """បារ៉ាក់ អូបាម៉ា, simplified: consonant letters with dependent vowel signs."""
    return " ".join(
        "".join(_KHMER_CONSONANT[c] + _KHMER_VOWEL[v] for c, v in syllables(word))
        for word in name.split()
    ).strip()


# -- Amharic (Ethiopic syllabary) ---------------------------------------------------

_ETHIOPIC_BASE = {
    "": 0x12A0, "k": 0x12A8, "g": 0x1308, "s": 0x1230, "z": 0x12D8, "sh": 0x1238, "j": 0x1300,
    "ch": 0x1278, "t": 0x1270, "d": 0x12F0, "n": 0x1290, "h": 0x1200, "f": 0x1348, "b": 0x1260,
    "p": 0x1350, "m": 0x1218, "y": 0x12E8, "r": 0x1228, "l": 0x1208, "w": 0x12C8, "v": 0x1268,
}  # fmt: skip
_ETHIOPIC_ORDER = {"u": 1, "i": 2, "a": 3, "e": 4, "": 5, "o": 6}
"""Orders of the syllabary: 1st ä, 2nd u, 3rd i, 4th a, 5th e, 6th ə (no vowel), 7th o."""


def to_ethiopic(name: str) -> str:
    """ባራክ ኦባማ: one syllable sign per (consonant, vowel)."""
    return " ".join(
        "".join(chr(_ETHIOPIC_BASE[c] + _ETHIOPIC_ORDER[v]) for c, v in syllables(word))
        for word in name.split()
    ).strip()


PERSON_SCRIPTS = {
    "kana": to_katakana,
    "hangul": to_hangul,
    "thai": to_thai,
    "khmer": to_khmer,
    "amharic": to_ethiopic,
}


# -- Chinese companies --------------------------------------------------------------

CHINESE_WORDS = {
    "technology": "技术", "technologies": "技术", "tech": "科技", "science": "科学",
    "electronic": "电子", "electronics": "电子", "group": "集团", "holdings": "控股",
    "holding": "控股", "trading": "贸易", "trade": "贸易", "international": "国际",
    "industrial": "工业", "industry": "工业", "industries": "工业", "shipping": "航运",
    "aviation": "航空", "machinery": "机械", "equipment": "设备", "logistics": "物流",
    "development": "发展", "investment": "投资", "communication": "通信",
    "communications": "通信", "network": "网络", "information": "信息", "energy": "能源",
    "chemical": "化工", "chemicals": "化工", "optical": "光学", "optics": "光学",
    "semiconductor": "半导体", "software": "软件", "digital": "数字", "import": "进出口",
    "export": "", "and": "", "research": "研究", "institute": "研究所", "university": "大学",
    "intelligent": "智能", "intelligence": "智能", "microelectronics": "微电子",
    "materials": "材料", "material": "材料", "instruments": "仪器", "instrument": "仪器",
    "measuring": "测量", "precision": "精密", "manufacturing": "制造", "engineering": "工程",
    "systems": "系统", "system": "系统", "power": "电力", "marine": "海洋", "ocean": "海洋",
    "petroleum": "石油", "oil": "石油", "steel": "钢铁", "metal": "金属", "metals": "金属",
    "supply": "供应链", "chain": "", "services": "服务", "service": "服务", "new": "新",
    "corporation": "总公司", "corp": "公司", "company": "公司", "co": "公司",
    "limited": "有限公司", "ltd": "有限公司", "industrial co": "实业",
    "hong": "香", "kong": "港", "beijing": "北京", "shanghai": "上海", "shenzhen": "深圳",
    "guangzhou": "广州", "tianjin": "天津", "wuhan": "武汉", "chengdu": "成都",
    "hangzhou": "杭州", "nanjing": "南京", "xian": "西安", "dalian": "大连",
    "chongqing": "重庆", "harbin": "哈尔滨", "qingdao": "青岛", "xiamen": "厦门",
    "dongguan": "东莞", "suzhou": "苏州", "ningbo": "宁波", "zhuhai": "珠海", "china": "中国",
    "chinese": "中国", "huawei": "华为", "zhongxing": "中兴", "hikvision": "海康威视",
    "telecom": "通讯", "computer": "计算机", "net": "网络", "cloud": "云", "media": "传媒",
    "data": "数据", "robotics": "机器人", "automation": "自动化", "medical": "医疗",
    "pharmaceutical": "制药", "construction": "建设", "port": "港口", "ship": "船舶",
    "shipbuilding": "造船", "heavy": "重", "aerospace": "航天", "space": "航天",
    "academy": "研究院", "sciences": "科学", "automotive": "汽车", "vehicle": "汽车",
    "security": "安全", "laser": "激光", "photonics": "光子", "display": "显示",
    "defense": "国防", "telecommunication": "通信", "technical": "技术", "mining": "矿业",
    "resources": "资源", "textile": "纺织", "food": "食品", "smart": "智慧", "vision": "视觉",
    "video": "视频", "innovation": "创新", "keji": "科技", "youxian": "有限", "gongsi": "公司",
    "jituan": "集团", "maoyi": "贸易", "jishu": "技术", "dianzi": "电子", "guoji": "国际",
    "zhongguo": "中国", "youxiangongsi": "有限公司", "the": "", "of": "", "corporation limited": "",
}  # fmt: skip
"""Generic words, legal forms, places and a few brands as Chinese firms write them."""
_CHINESE_FORMS = [
    (re.compile(r"\b(co\.?,?\s*ltd\.?|company limited|co\.?,?\s*limited)", re.I), "有限公司"),
    (re.compile(r"\bimport (and|&) export\b", re.I), "进出口"),
    (re.compile(r"\bhong kong\b", re.I), "香港"),
]


@cache
def _common_han() -> dict[str, list[str]]:
    """Pinyin syllable (no tones) -> its common characters (GB2312 level 1), in code order."""
    import unicodedata

    out: dict[str, list[str]] = {}
    for code in sorted(pinyin_dict):
        char = chr(code)
        try:
            encoded = char.encode("gb2312")
        except UnicodeEncodeError:
            continue
        if not 0xB0 <= encoded[0] <= 0xD7:
            continue
        first = pinyin_dict[code].split(",")[0]
        plain = "".join(
            c for c in unicodedata.normalize("NFD", first) if not unicodedata.combining(c)
        ).replace("ü", "v")
        out.setdefault(plain, []).append(char)
    return out


_CITIES = frozenset({"beijing", "shanghai", "shenzhen", "guangzhou", "tianjin", "wuhan",
                     "chengdu", "hangzhou", "nanjing", "xian", "dalian", "chongqing", "harbin",
                     "qingdao", "xiamen", "dongguan", "suzhou", "ningbo", "zhuhai"})  # fmt: skip
# English word order a clerk cannot carry over word by word ("University of Science and
# Technology" is 理工大学, "13th Research Institute" 第十三研究所): such names are left out.
_NOT_WORD_BY_WORD = re.compile(r"\b(of|for|and the)\b|\d", re.I)


def to_chinese(name: str, rng: random.Random) -> str | None:
    """The name in Chinese characters, as a Chinese register writes it (深圳市华为技术有限公司:
    city with 市, brand, line of business, legal form), or None when a word is neither known
    nor pinyin or the name's English word order cannot be carried over word by word."""
    text = name.split("(")[0]
    if _NOT_WORD_BY_WORD.search(text):
        return None
    m = re.search(r"(co\.?,?\s*ltd\.?|company limited|limited|ltd\.?)", text, re.I)
    if m:
        text = text[: m.end()]
    for pattern, han in _CHINESE_FORMS:
        text = pattern.sub(f" {han} ", text)
    out = []
    for position, token in enumerate(re.findall(r"[^\W\d_]+|[\u4e00-\u9fff]+", text)):
        lower = token.lower()
        if re.fullmatch(r"[\u4e00-\u9fff]+", token):
            out.append(token)
        elif lower in CHINESE_WORDS:
            out.append(CHINESE_WORDS[lower])
            if position == 0 and lower in _CITIES and rng.random() < 0.5:
                out.append("市")  # registers write the city as a municipality
        else:
            parts = segment_pinyin(lower)
            han = _common_han()
            if not parts or any(p not in han for p in parts):
                return None
            out.append("".join(rng.choice(han[p][:3]) for p in parts))
    result = "".join(out).replace("公司有限公司", "有限公司")
    return result if len(result) >= 2 else None


# -- Arabic companies ---------------------------------------------------------------

ARABIC_WORDS = {
    "bank": "بنك", "company": "شركة", "co": "شركة", "corporation": "شركة", "ltd": "",
    "limited": "", "llc": "", "trading": "للتجارة", "trade": "تجارة", "industries": "صناعات",
    "industrial": "الصناعية", "industry": "صناعة", "group": "مجموعة",
    "international": "الدولية", "oil": "نفط", "petroleum": "البترول", "shipping": "للشحن",
    "iran": "ايران", "iranian": "الايرانية", "syria": "سوريا", "syrian": "السورية",
    "iraq": "العراق", "lebanon": "لبنان", "yemen": "اليمن", "islamic": "الاسلامي",
    "republic": "جمهورية", "national": "الوطني", "commercial": "التجاري",
    "investment": "للاستثمار", "exchange": "للصرافة", "general": "العامة",
    "organization": "منظمة", "organisation": "منظمة", "foundation": "مؤسسة",
    "establishment": "مؤسسة", "aviation": "للطيران", "airlines": "للطيران", "air": "للطيران",
    "electronics": "للالكترونيات", "development": "للتنمية", "engineering": "للهندسة",
    "services": "للخدمات", "of": "", "the": "", "and": "و", "for": "", "al": "ال",
    # English words of listed Middle-Eastern firms' names, as Arabic registers translate
    # them (common dictionary renderings; see bench/README-register.md).
    "petrochemical": "للبتروكيماويات", "petrochemicals": "للبتروكيماويات",
    "institute": "معهد", "committee": "لجنة", "holding": "القابضة", "holdings": "القابضة",
    "center": "مركز", "centre": "مركز", "money": "للصرافة", "steel": "للصلب",
    "research": "البحوث", "construction": "للانشاءات", "management": "لادارة",
    "energy": "للطاقة", "east": "الشرق", "complex": "مجمع", "university": "جامعة",
    "technology": "للتكنولوجيا", "technologies": "للتكنولوجيا", "tech": "للتقنية",
    "manufacturing": "للتصنيع", "brigade": "لواء", "brigades": "ألوية", "state": "الدولة",
    "force": "قوة", "forces": "قوات", "marine": "البحرية", "maritime": "البحرية",
    "offshore": "البحرية", "society": "جمعية", "association": "جمعية", "middle": "الاوسط",
    "prison": "سجن", "revolutionary": "الثوري", "revolution": "الثورة", "joint": "",
    "stock": "المساهمة", "army": "جيش", "mining": "للتعدين", "welfare": "الرعاية",
    "electronic": "الالكترونية", "private": "الخاصة", "special": "الخاصة", "star": "نجمة",
    "stars": "النجوم", "ship": "سفينة", "security": "الامن", "branch": "فرع",
    "charity": "الخيرية", "charitable": "الخيرية", "logistics": "اللوجستية",
    "transportation": "للنقل", "transport": "للنقل", "export": "للتصدير",
    "import": "للاستيراد", "defense": "الدفاع", "defence": "الدفاع", "nuclear": "النووية",
    "movement": "حركة", "gulf": "الخليج", "tourism": "للسياحة", "golden": "الذهبي",
    "gold": "الذهب", "trust": "الائتمان", "credit": "الائتمان", "chemical": "الكيماوية",
    "chemicals": "للكيماويات", "lines": "الخطوط", "line": "خط", "armed": "المسلحة",
    "ministry": "وزارة", "cement": "الاسمنت", "guard": "حرس", "guards": "حرس",
    "television": "تلفزيون", "equipment": "للمعدات", "south": "الجنوب", "north": "الشمال",
    "medical": "الطبية", "military": "العسكرية", "province": "محافظة", "systems": "للانظمة",
    "resistance": "المقاومة", "missile": "الصواريخ", "missiles": "الصواريخ",
    "production": "للانتاج", "martyrs": "الشهداء", "aluminum": "الالمنيوم",
    "aluminium": "الالمنيوم", "blue": "الازرق", "service": "للخدمات",
    "metallurgy": "للمعادن", "metal": "للمعادن", "metals": "للمعادن", "office": "مكتب",
    "intelligence": "الاستخبارات", "real": "", "estate": "العقارية", "free": "الحرة",
    "zone": "المنطقة", "contracting": "للمقاولات", "contractors": "للمقاولات",
    "supporters": "انصار", "relief": "الاغاثة", "aerospace": "الجوفضائية",
    "reconstruction": "الاعمار", "public": "العام", "cooperative": "التعاونية",
    "cooperation": "التعاون", "communications": "للاتصالات", "communication": "للاتصالات",
    "telecommunications": "للاتصالات", "global": "العالمية", "world": "العالم",
    "factories": "مصانع", "factory": "مصنع", "plant": "مصنع", "science": "العلوم",
    "sciences": "العلوم", "scientific": "العلمية", "electricity": "الكهرباء",
    "electric": "الكهربائية", "electrical": "الكهربائية", "aircraft": "الطائرات",
    "support": "الدعم", "sky": "السماء", "central": "المركزي", "refinery": "مصفاة",
    "refining": "للتكرير", "financial": "المالية", "finance": "للتمويل",
    "advanced": "المتقدمة", "heritage": "التراث", "freight": "للشحن", "building": "البناء",
    "generation": "توليد", "information": "المعلومات", "media": "الاعلام",
    "partners": "الشركاء", "projects": "المشاريع", "project": "مشروع", "command": "قيادة",
    "ammunition": "الذخيرة", "power": "الطاقة", "ocean": "المحيط", "studies": "الدراسات",
    "machinery": "الالات", "machine": "الالات", "insurance": "للتأمين",
    "liberation": "تحرير", "currency": "العملات", "technical": "الفنية", "division": "فرقة",
    "fuel": "الوقود", "gas": "الغاز", "radio": "اذاعة", "social": "الاجتماعية",
    "satellite": "الاقمار", "computer": "الحاسوب", "tools": "الادوات", "police": "الشرطة",
    "battalion": "كتيبة", "soldiers": "جنود", "laboratory": "مختبر", "brokerage": "للوساطة",
    "channel": "قناة", "transfer": "للتحويل", "network": "شبكة", "protection": "الحماية",
    "consulting": "للاستشارات", "consultancy": "للاستشارات", "mineral": "المعدنية",
    "minerals": "المعدنية", "engineers": "المهندسين", "battery": "البطاريات",
    "parts": "قطع", "council": "مجلس", "port": "ميناء", "headquarters": "مقر",
    "business": "الاعمال", "mechanical": "الميكانيكية", "front": "جبهة",
    "resources": "الموارد", "materials": "المواد", "procurement": "المشتريات",
    "directorate": "مديرية", "supply": "للتوريد", "supplies": "للتوريد",
    "foreign": "الخارجية", "agency": "وكالة", "station": "محطة", "renovation": "التجديد",
    "fund": "صندوق", "union": "اتحاد", "authority": "هيئة", "commission": "هيئة",
    "water": "المياه", "food": "الاغذية", "foods": "الاغذية", "textile": "للنسيج",
    "textiles": "للنسيج", "pharmaceutical": "للادوية", "pharmaceuticals": "للادوية",
    "hospital": "مستشفى", "school": "مدرسة", "airport": "مطار", "navigation": "للملاحة",
    "agricultural": "الزراعية", "agriculture": "للزراعة", "economic": "الاقتصادية",
    "cultural": "الثقافية", "islam": "الاسلام", "arab": "العربية", "new": "الجديدة",
    "palestinian": "الفلسطينية", "palestine": "فلسطين", "holy": "المقدسة", "royal": "الملكية",
    "wings": "اجنحة", "cargo": "للشحن", "party": "حزب", "sun": "الشمس", "smart": "الذكية",
    "future": "المستقبل", "exploration": "للاستكشاف", "hotel": "فندق", "land": "الارض",
    "care": "الرعاية", "design": "للتصميم", "bureau": "مكتب", "farm": "مزرعة",
    "institution": "مؤسسة", "investments": "للاستثمارات", "system": "نظام", "house": "دار",
    "department": "ادارة", "administration": "ادارة", "united": "المتحدة", "west": "الغرب",
    "western": "الغربية", "eastern": "الشرقية", "sons": "واولاده", "products": "للمنتجات",
    "lab": "مختبر", "solutions": "للحلول", "precision": "الدقيقة", "sea": "البحر",
    "distribution": "للتوزيع", "green": "الخضراء", "supreme": "الاعلى", "mobile": "المتنقلة",
    "iron": "الحديد", "mines": "المناجم", "first": "الاولى", "overseas": "الخارجية",
    "external": "الخارجية", "space": "الفضاء", "diamond": "الماس", "red": "الاحمر",
    "aid": "المساعدات", "humanitarian": "الانسانية", "people": "الشعب", "city": "مدينة",
    "control": "التحكم", "marketing": "للتسويق", "leasing": "للتأجير", "airline": "للطيران",
    "chemistry": "الكيمياء", "atomic": "الذرية", "innovation": "للابتكار",
    "operation": "عمليات", "components": "المكونات", "women": "النساء", "law": "القانون",
    "guidance": "الارشاد", "shop": "متجر", "club": "نادي", "popular": "الشعبية",
    "applied": "التطبيقية", "tanker": "الناقلات", "tankers": "الناقلات", "car": "السيارات",
    "cars": "السيارات", "press": "الصحافة", "grand": "الكبرى", "mosques": "المساجد",
    "organized": "المنظمة", "crime": "الجريمة", "criminal": "الاجرامية",
}  # fmt: skip
"""Generic and descriptive words as an Arabic register writes them: translated, with the
article or the prefix لل ("for the") they usually take; everything else by sound."""
_BY_SOUND_ANYWAY = frozenset({"ansar", "kish", "kala", "sunna", "khass", "imam", "sina",
                              "shahid", "jam", "asa", "alfa", "petro", "trans",
                              "intertrade"})  # fmt: skip
"""Words English dictionaries hold that are a firm's own name here (Ansar, Kish Island)."""
_ARABIC_LEAD = frozenset({"company", "co", "corporation", "bank", "institute", "center",
                          "centre", "committee", "complex", "university", "ministry",
                          "office", "council", "organization", "organisation", "foundation",
                          "establishment", "factory", "factories", "plant", "fund", "union",
                          "authority", "commission", "agency", "directorate", "association",
                          "society", "group"})  # fmt: skip
"""Head nouns, which Arabic writes first ("Iran Research Centre" -> مركز ايران للبحوث)."""
_ARABIC_LETTERS = [
    ("sh", "ش"), ("kh", "خ"), ("gh", "غ"), ("th", "ث"), ("dh", "ذ"), ("ch", "تش"), ("b", "ب"),
    ("p", "ب"), ("t", "ت"), ("j", "ج"), ("h", "ه"), ("d", "د"), ("r", "ر"), ("z", "ز"),
    ("s", "س"), ("f", "ف"), ("q", "ق"), ("k", "ك"), ("c", "ك"), ("g", "ج"), ("l", "ل"),
    ("m", "م"), ("n", "ن"), ("w", "و"), ("v", "و"), ("y", "ي"), ("x", "كس"),
]  # fmt: skip


def arabic_by_sound(word: str) -> str:
    """Melli -> ملي, Iran -> ايران: consonants written, short e dropped, a/i/o/u as letters."""
    text = re.sub(r"([a-z])\1", r"\1", re.sub(r"[^a-z]", "", strip_marks(word).lower()))
    out = ""
    i = 0
    while i < len(text):
        found = next((lt for lt in _ARABIC_LETTERS if text.startswith(lt[0], i)), None)
        if found is not None:
            out += found[1]
            i += len(found[0])
            continue
        vowel = text[i]
        if i == 0:
            out += {"i": "اي", "o": "او", "u": "او"}.get(vowel, "ا")
        elif vowel == "a":
            out += "ا"
        elif vowel == "i":
            out += "ي"
        elif vowel in "ou":
            out += "و"
        elif vowel == "e" and i == len(text) - 1:
            out += "ه"
        i += 1
    return out


# A French or Spanish name ("Centre d'Etudes et de Recherches Scientifiques") would be
# translated by an Arabic register, not written by sound: such names are left out.
_ROMANCE = re.compile(r"\b(de|des|du|d|et|la|le|les|y|del|el)\b", re.I)


def to_arabic(name: str, english: frozenset[str] = frozenset()) -> str | None:
    """The company name in Arabic script: the head noun first, known words translated, the
    rest by sound; None for a French or Spanish name, or for a name holding an ``english``
    word the table cannot translate (a register would translate it, not write it by
    sound)."""
    if _ROMANCE.search(name.replace("'", " ")):
        return None
    _, core, _ = split_legal_form(name.split("(")[0])
    words = [w for w in re.findall(r"[^\W\d_]+", core) if len(w) > 1]
    if not words:
        return None
    lead = []
    rest = []
    for word in words:
        lower = word.lower()
        if lower in _ARABIC_LEAD and not lead:
            lead.append(ARABIC_WORDS[lower])
        elif lower in ARABIC_WORDS:
            if ARABIC_WORDS[lower]:
                rest.append(ARABIC_WORDS[lower])
        elif lower in english and lower not in _BY_SOUND_ANYWAY:
            return None
        else:
            rest.append(arabic_by_sound(word))
    result = " ".join([*lead, *rest]).replace(" ال ", " ال").removeprefix("ال ")
    return result if len(result.replace(" ", "")) >= 3 else None
