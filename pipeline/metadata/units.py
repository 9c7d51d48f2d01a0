"""The unit vocabulary of the plans, as data.

`pipeline.extract.values` decides a target's unit by the ordered rules of the data
contract (../shared/spec/targets.md, "Units"). The words those rules look for
live here, apart from the grammar, so that a new plan's spelling of a unit
("Thứ hạng" beside "Thứ bậc", "Tỉ lệ" beside "Tỷ lệ") is a one-line data
change reviewed on its own. All patterns are matched case-insensitively
against NFC, whitespace-collapsed text.
"""
from __future__ import annotations

import re

PERCENT = "percent"
PERCENT_OF_GRDP = "percent_of_grdp"
PERCENT_OF_GDP = "percent_of_gdp"
COUNT = "count"
SCORE = "score"
RANK = "rank"
DAYS = "days"
STATUS = "status"

UNITS: tuple[str, ...] = (PERCENT, PERCENT_OF_GRDP, PERCENT_OF_GDP, COUNT, SCORE, RANK, DAYS, STATUS)

# --- words printed after a "%" in a cell -----------------------------------

# "15% GRDP", "30% GDP", "2% của GRDP": the share is of an economy's output,
# which is its own unit, not a qualifier of the value.
PERCENT_BASE_MARKERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:(?:của|trong)\s+)?GRDP", re.IGNORECASE), PERCENT_OF_GRDP),
    (re.compile(r"(?:(?:của|trong)\s+)?GDP", re.IGNORECASE), PERCENT_OF_GDP),
)

# "%/năm", "% dân số", "% tổng chi ngân sách": the spec lists these as spellings
# of the unit `percent`, so when a cell prints them they are unit, not value_text.
PERCENT_UNIT_TAILS = re.compile(r"/\s*năm|dân số|tổng chi\b.*", re.IGNORECASE)

# --- the unit column (unit_raw), one pattern per rule of the spec ----------

# Rule 2: "% GRDP" / "% GDP" anywhere in the unit column.
UNIT_RAW_GRDP = re.compile(r"%\s*(?:(?:của|trong)\s+)?GRDP\b", re.IGNORECASE)
UNIT_RAW_GDP = re.compile(r"%\s*(?:(?:của|trong)\s+)?GDP\b", re.IGNORECASE)
# Rule 3: "%", "% dân số", "%/năm", "% tổng chi …" (checked after rule 2).
UNIT_RAW_PERCENT = re.compile(r"%")
# Rule 4: a rank: "Thứ bậc", "Thứ hạng", "Xếp hạng", "Hạng", "x/34".
UNIT_RAW_RANK = re.compile(r"thứ bậc|thứ hạng|xếp hạng|^hạng\b|^[x×]?\s*/\s*[0-9]+$", re.IGNORECASE)
# Rule 5: "Ngày" (also "Ngày làm việc").
UNIT_RAW_DAYS = re.compile(r"^ngày\b", re.IGNORECASE)
# Rule 6: "Điểm", "Điểm (khung 1,0)", "Chỉ số", "Chỉ số phát triển con người (HDI)".
UNIT_RAW_SCORE = re.compile(r"^điểm\b|^chỉ số\b", re.IGNORECASE)

# --- rule 7 without a printed unit: infer from the indicator's name --------

# Tried in order; the first that matches the start of the name wins, except
# that an index value (see INDEX_NAME) is tried between the "Số" and the
# ratio prefixes, as the spec orders them.
NAME_PREFIX_SCORE = re.compile(r"^chỉ số\b", re.IGNORECASE)
NAME_PREFIX_COUNT = re.compile(r"^số(?: lượng)?\b", re.IGNORECASE)
NAME_PREFIX_PERCENT = re.compile(r"^t[ỷỉ] (?:lệ|trọng)\b", re.IGNORECASE)
NAME_RANK = re.compile(r"xếp hạng|thứ hạng|thứ bậc", re.IGNORECASE)
# A name that mentions an index; with a value in [0, 1] the value is the
# index itself (HDI "≥ 0,7"), whatever the name starts with.
INDEX_NAME = re.compile(r"chỉ số|\b(?:HDI|PCI|PII|DTI|PAPI|SIPAS|GII)\b", re.IGNORECASE)
INDEX_MAX_VALUE = 1.0
# Nothing in the name tells: a plain number in these plans counts things.
NAME_DEFAULT = COUNT

# --- measures: what one chart axis or one comparison can hold ---------------

# A target's published `unit` follows the data contract; its measure is what it
# can be set beside. A share is a share whether of a budget, of GRDP or of GDP
# (a province's digital economy in % GRDP beside the nation's in % GDP); a
# status target has no measure.
SHARE = "share"
PERCENT_PER_YEAR = "percent_per_year"
MEASURES: tuple[str, ...] = (SHARE, PERCENT_PER_YEAR, COUNT, SCORE, RANK, DAYS)
MEASURE_OF_UNIT: dict[str, str] = {PERCENT: SHARE, PERCENT_OF_GRDP: SHARE, PERCENT_OF_GDP: SHARE, COUNT: COUNT,
                                   SCORE: SCORE, RANK: RANK, DAYS: DAYS}
# A percent that grows each year ("tăng trung bình 10%/năm", unit column "%/năm") is a growth rate, its own
# measure: never drawn or compared beside a level. "hằng năm" (yearly, as in a yearly budget) is not growth.
GROWTH_WORDS = re.compile(r"%\s*/\s*năm\b|\btăng\s+(?:trung bình|bình quân)\b", re.IGNORECASE)
# Words kept in value_text that do not change what the number measures: a maintained floor ("duy trì trên
# 0,7"), a growth rate's own words, the denominator restated ("trên 40% trong tổng số doanh nghiệp").
# A rank among the provinces restated in words ("Nhóm 15 tỉnh đứng đầu") is the rank itself.
NEUTRAL_QUALIFIER = re.compile(r"duy trì|tăng (?:trung bình|bình quân)|(?:trong|trên) tổng số\b.*"
                               r"|(?:thuộc\s+)?nhóm\s+[0-9]+\s+tỉnh\s+(?:đứng|dẫn)\s+đầu", re.IGNORECASE)
