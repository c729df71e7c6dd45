"""The fixed query set: what readers type, from one common word to a misspelt name."""

QUERIES = [
    # English single words, common to rare
    "delegation",
    "trade",
    "Microsoft",
    "masks",
    "McGinn",
    # English phrases
    "Confucius Institute",
    "tunnel boring machine",
    "education exchange students",
    "pandemic aid masks",
    # Chinese words and phrases
    "微软",
    "孔子学院",
    "盾构机",
    "口罩",
    "麦金",
    "重庆 教育",
    # mixed English and Chinese
    "Seattle 盾构机",
    # misspelt: found through the typo correction
    "Confucious",
    # Traditional characters, pinyin, a homophone typo, cross-language, forgiving
    "圖書館",
    "maijin",
    "kongzi xueyuan",
    "口照",
    "隧道",
    "Seattle 隧道",
    "basketball zebra xylophone",
]
