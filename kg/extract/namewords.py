"""Words that tell a name from a common noun, shared by places and projects.

A stem before a place suffix (镇, 村 ...) or a project word (中心, 广场 ...) is a name only
when it is not a generic stem; a suffix followed by certain characters starts another word.

>>> "重点" in COMMON_GENERIC_STEMS, "文化" in PROJECT_GENERIC_STEMS, "文化" in PLACE_GENERIC_STEMS
(True, True, False)
>>> NOT_AFTER["镇"], NOT_AFTER["中心"]
('街村区域级', '城区镇村线点')
"""

from __future__ import annotations

COMMON_GENERIC_STEMS = frozenset((
    "产业", "农业", "区级", "县级", "城市", "工业", "市级", "文明", "特色", "现代", "示范", "重点",
))
"""Stems that make a common noun before a place suffix and before a project word alike."""

PLACE_GENERIC_STEMS = COMMON_GENERIC_STEMS | frozenset((
    "一流", "两岸", "中型", "中心", "乡村", "人才", "传统", "先进", "全区", "全国", "全市", "全省", "名", "周边", "和美", "园区", "国家", "国家级", "城中",
    "大型", "宜居", "小型", "小城", "建制", "强村", "新农", "新型", "旅游名", "校中", "样板", "沿岸", "沿线", "流域", "特色产业", "特色小", "生态", "病险",
    "百强", "省级", "经济技术", "美丽", "脱贫", "自然", "行政", "试点", "贫困", "边远", "高新技术",
))
"""Stems that make a common noun before a place suffix: 重点镇, 中心村, 城市新区."""

PROJECT_GENERIC_STEMS = COMMON_GENERIC_STEMS | frozenset((
    "一批", "乡镇", "企业", "体育", "残疾人", "便民", "党群", "公共", "养老", "农村", "创新", "医疗", "口袋", "各类", "商业", "商贸", "城市副", "大数据", "政务",
    "数字", "数据", "文化", "文旅", "新时代", "旅游", "智慧", "服务", "检测", "物流", "知名城市", "研发", "社区", "科技", "综合", "融媒体", "重大", "镇级",
))
"""Stems that make a common noun before a project word: 文化广场, 养老服务中心. (Not place
stems: 科技 is generic before 中心 but names a zone in 滨江科技新区.)"""

NOT_AFTER = {'镇': '街村区域级', '乡': '镇村贤愁情亲土下道', '村': '镇民级庄委组集干务落规振路官', '机场': '路', '中心': '城区镇村线点', '公园': '城', '基地': '址', '广场': '舞'}
"""A place suffix or project word followed by one of these characters is the start of another
word: 镇街, 村民 (places); 中心城区 (projects)."""
