"""What a synthetic plan is made of: indicator names, units, agencies and section titles.

Every entry is taken from the seed plans (data/raw/) or their gold answers
(tests/fixtures/gold/), lightly varied, so that the synthetic corpus uses the
words the readers meet in real plans. Each indicator carries its measure
`kind`, which fixes which value forms and unit columns it may print and what
the contract says its unit is.
"""
from __future__ import annotations

from dataclasses import dataclass

PERCENT, GRDP, COUNT, SCORE, RANK, DAYS, STATUS = "percent", "grdp", "count", "score", "rank", "days", "status"


@dataclass(frozen=True)
class Indicator:
    """An indicator name and its measure kind; `needs_unit` marks kinds only a unit column can make certain."""

    name: str
    kind: str

    @property
    def needs_unit(self) -> bool:
        return self.kind == DAYS


_BY_KIND: dict[str, tuple[str, ...]] = {
    PERCENT: (
        "Tỷ lệ phủ sóng 5G trên địa bàn tỉnh",
        "Tỷ lệ người sử dụng có khả năng truy cập băng rộng cố định với tốc độ trên 01 Gbps/s",
        "Tỷ lệ cán bộ, công chức cấp xã được bồi dưỡng kỹ năng số căn bản",
        "Tỷ lệ cán bộ, công chức cấp tỉnh được bồi dưỡng kỹ năng số căn bản",
        "Tỷ lệ cán bộ, công chức, viên chức làm chủ kỹ năng số, ứng dụng công nghệ trong quản lý, điều hành",
        "Tỷ lệ dân số trưởng thành tiếp cận dịch vụ số trong y tế, giáo dục, bảo hiểm, giao thông",
        "Tỷ lệ dân số trưởng thành thường xuyên sử dụng dịch vụ số (chăm sóc sức khỏe từ xa, học trực tuyến nâng cao, giao dịch tài chính số…)",
        "Tỷ lệ kết quả khoa học và công nghệ được ứng dụng thực tiễn sau 12 tháng nghiệm thu",
        "Tỷ lệ doanh nghiệp có hoạt động đổi mới quy trình, mô hình kinh doanh",
        "Tỷ lệ thủ tục hành chính được tiếp nhận, giải quyết phi địa giới hành chính trên địa bàn tỉnh",
        "Tỷ lệ giao dịch hành chính thuộc diện “phi tiếp xúc”",
        "Tỷ lệ hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa",
        "Tỷ lệ dịch vụ công trực tuyến toàn trình trên tổng số thủ tục hành chính có đủ điều kiện",
        "Tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến",
        "Tỷ lệ hệ thống thông tin của tỉnh được vận hành trên nền tảng điện toán đám mây",
        "Tỷ lệ cơ sở dữ liệu của tỉnh được số hóa và liên thông với Trung ương",
        "Tỷ lệ doanh nghiệp vừa và nhỏ địa phương ứng dụng công nghệ số",
        "Tỷ lệ người dân từ đủ 14 tuổi trở lên có tài khoản định danh điện tử (VNeID)",
        "Tỷ lệ người dân trưởng thành có chữ ký số",
        "Tỷ lệ đảng ủy, chính quyền xã, phường sử dụng phần mềm quản trị điều hành thống nhất",
        "Tổng chi ngân sách của tỉnh chi cho khoa học, công nghệ, đổi mới sáng tạo",
        "Đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế",
        "Cán bộ cấp xã có máy tính đáp ứng cấu hình tối thiểu phục vụ giải quyết công việc trên môi trường điện tử",
        "Tỷ lệ hộ gia đình có kết nối Internet cáp quang băng rộng",
        "Tỷ lệ văn bản đi, đến được ký số",
    ),
    GRDP: (
        "Tỷ lệ chi cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        "Tỷ trọng đóng góp của KHCN, ĐMST, CĐS trong GRDP",
        "Quy mô kinh tế số",
        "Tỷ trọng kinh tế số trong GRDP",
    ),
    COUNT: (
        "Số người thực hiện công tác nghiên cứu khoa học, phát triển công nghệ, đổi mới sáng tạo trên 01 vạn dân",
        "Số doanh nghiệp khoa học và công nghệ trên địa bàn tỉnh",
        "Số tổ chức khoa học và công nghệ công lập trực thuộc tỉnh",
        "Số công trình khoa học và công nghệ cấp tỉnh được nghiệm thu",
        "Số cán bộ nghiên cứu khoa học và công nghệ toàn tỉnh",
        "Số nhiệm vụ khoa học và công nghệ cấp tỉnh triển khai",
        "Số đơn đăng ký sở hữu trí tuệ (sáng chế, giải pháp hữu ích)",
        "Số bài báo khoa học có địa chỉ tác giả tại tỉnh (Scopus/ISI)",
        "Số lượng doanh nghiệp khởi nghiệp sáng tạo",
        "Số lượng vườn ươm/trung tâm đổi mới sáng tạo",
        "Số lượng sản phẩm đổi mới sáng tạo được thương mại hóa mỗi năm",
        "Số lượng dự án đổi mới sáng tạo được hỗ trợ từ ngân sách tỉnh mỗi năm",
        "Số lượng sáng kiến trong khu vực công được công nhận mỗi năm",
        "Số lượng doanh nghiệp vừa và nhỏ có hợp tác nghiên cứu, phát triển với các viện/trường",
    ),
    SCORE: (
        "Chỉ số chuyển đổi số cấp tỉnh (DTI)",
        "Chỉ số đổi mới sáng tạo cấp tỉnh",
        "Chỉ số chuyển đổi số cấp xã",
    ),
    RANK: (
        "Xếp hạng chỉ số đổi mới sáng tạo cấp tỉnh (PII)",
        "Xếp hạng chuyển đổi số cấp tỉnh (DTI)",
        "Thứ hạng chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
    ),
    DAYS: (
        "Thời gian phê duyệt nhiệm vụ khoa học và công nghệ trung bình",
        "Thời gian giải quyết thủ tục hành chính trung bình",
    ),
    STATUS: (
        "Xây dựng Trung tâm an ninh mạng cấp tỉnh (hoặc thuê dịch vụ giám sát an toàn thông tin), giám sát, ứng cứu sự cố cho toàn hệ thống",
        "Nâng cấp, hoàn thiện Trung tâm tích hợp dữ liệu của Đảng đồng bộ, hiện đại, đảm bảo an ninh, an toàn thông tin",
        "Ứng dụng một số công nghệ chiến lược, công nghệ số (AI, IoT, Big Data…) trong quản lý môi trường, đô thị thông minh",
        "Xây dựng trung tâm điều hành thông minh cấp tỉnh đóng vai trò như “bộ não số” của tỉnh",
        "Phát triển, duy trì hoạt động ổn định Cổng thông tin điện tử Tỉnh ủy",
        "Đảm bảo hoạt động ổn định các hệ thống thông tin, cơ sở dữ liệu dùng chung của tỉnh",
        "Hệ thống họp trực tuyến",
        "Tiềm lực, trình độ khoa học, công nghệ và đổi mới sáng tạo của tỉnh so với các địa phương trong cả nước",
    ),
}

INDICATORS: tuple[Indicator, ...] = tuple(Indicator(name, kind) for kind, names in _BY_KIND.items() for name in names)

# Unit column texts per kind, as printed in 002, 003, 004 and the layout fixtures.
UNIT_RAW: dict[str, tuple[str, ...]] = {
    PERCENT: ("%", "%", "%", "% dân số"),
    GRDP: ("% GRDP",),
    COUNT: ("Doanh nghiệp", "Người", "Bài báo", "Sáng kiến", "Nhiệm vụ", "Sản phẩm", "Dự án", "Công trình", "Tổ chức"),
    SCORE: ("Điểm", "Chỉ số", "Điểm (khung 1,0)"),
    RANK: ("Thứ bậc", "Thứ hạng"),
    DAYS: ("Ngày", "Ngày làm việc"),
    STATUS: ("Có/Không", "Trung tâm", "Hệ thống"),
}

# What a count's unit column names, by the noun its indicator counts (first match wins).
_COUNT_NOUNS: tuple[tuple[str, str], ...] = (
    ("doanh nghiệp", "Doanh nghiệp"), ("bài báo", "Bài báo"), ("sáng kiến", "Sáng kiến"), ("nhiệm vụ", "Nhiệm vụ"),
    ("sản phẩm", "Sản phẩm"), ("dự án", "Dự án"), ("công trình", "Công trình"), ("tổ chức", "Tổ chức"),
    ("đơn đăng ký", "Đơn"), ("vườn ươm", "Vườn ươm/trung tâm"), ("người", "Người"), ("cán bộ", "Người"),
)


def unit_raw_for(ind: Indicator, pick) -> str:
    """A unit column text that fits the indicator; `pick` chooses among equals (random.choice)."""
    if ind.kind == COUNT:
        low = ind.name.casefold()
        return next((unit for noun, unit in _COUNT_NOUNS if noun in low), pick(UNIT_RAW[COUNT]))
    return pick(UNIT_RAW[ind.kind])


# Printed status targets, in the order a plan moves through them over the years.
STATUS_SEQUENCES: tuple[tuple[str, ...], ...] = (
    ("Có", "Duy trì/nâng cấp"),
    ("Xây dựng", "Vận hành", "Duy trì"),
    ("Ứng dụng", "Ứng dụng mạnh mẽ"),
    ("Đạt mức khá", "Duy trì mức khá trở lên"),
    ("Nâng cấp", "Hoạt động ổn định"),
    ("Kết nối", "Duy trì"),
    ("Bảo đảm",),
    ("Hoàn thành",),
)

# Bodies in charge; all open with a word the cell grammar knows as an agency start.
AGENCIES: tuple[str, ...] = (
    "Sở Khoa học và Công nghệ",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Y tế",
    "Công an tỉnh",
    "Văn phòng UBND tỉnh",
    "Văn phòng Tỉnh ủy",
    "Đảng ủy UBND tỉnh",
    "Ban Tổ chức Tỉnh ủy",
    "Ngân hàng Nhà nước Khu vực 8",
    "Sở Y tế, Sở Giáo dục và Đào tạo, Bảo hiểm xã hội tỉnh, Sở Xây dựng",
    "Các cơ quan chủ trì triển khai phần mềm, hệ thống thông tin",
    "Phòng Quản lý khoa học",
    "Phòng Chuyển đổi số phối hợp với các Sở, ngành",
    "Phòng Quản lý Công nghệ và Chuyên ngành",
    "Phòng Tài chính phối hợp với Sở Tài chính",
    "Phòng Văn hóa - Xã hội",
    "Phòng Kinh tế",
    "Văn phòng HĐND và UBND xã",
    "Văn phòng Sở",
    "Công an xã",
    "Trung tâm Phục vụ hành chính công",
    "Đảng ủy UBND tỉnh; Ban Tổ chức Tỉnh ủy",
    "Đảng ủy Công an tỉnh; Văn phòng Tỉnh ủy",
)

# Bodies that name no second body inside them, for tables that print a monitoring body right after.
SINGLE_AGENCIES: tuple[str, ...] = (
    "Sở Nội vụ", "Sở Tài chính", "Sở Y tế", "Công an tỉnh", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội",
    "Phòng Quản lý khoa học", "Văn phòng HĐND và UBND xã", "Phòng Quản lý Công nghệ và Chuyên ngành",
)

# A merged body cell in 001 wraps over the rows it spans; its continuation words start in lower case.
MERGED_AGENCIES: tuple[str, ...] = (
    "Văn phòng Sở phối hợp với VP UBND tỉnh và Trung tâm hành chính công thực hiện các nội dung liên quan",
    "Phòng Chuyển đổi số phối hợp với đảng ủy, UBND các xã, phường triển khai thực hiện trên địa bàn",
    "Sở Khoa học và Công nghệ phối hợp với các sở, ngành, địa phương theo dõi, tổng hợp kết quả thực hiện",
)

# Monitoring bodies (003's second body column).
MONITORS: tuple[str, ...] = ("Sở Khoa học và Công nghệ", "Văn phòng UBND tỉnh", "Sở Nội vụ")

SECTION_TITLES: tuple[str, ...] = (
    "Phát triển hạ tầng",
    "Phát triển nguồn lực",
    "Phát triển khoa học, công nghệ",
    "Phát triển hệ sinh thái đổi mới sáng tạo",
    "Phát triển chuyển đổi số",
    "Hạ tầng số",
    "Chính quyền số",
    "Kinh tế số",
    "Xã hội số",
)

ISSUERS: tuple[tuple[str, str], ...] = (
    ("UBND tỉnh Quảng Trị", "KH-UBND"),
    ("Sở Khoa học và Công nghệ", "KH-SKHCN"),
    ("Ban Thường vụ Tỉnh ủy", "KH/TU"),
    ("UBND phường Thành Nam", "KH-UBND"),
    ("UBND xã Tân Phú", "KH-UBND"),
    ("UBND tỉnh Sơn La", "KH-UBND"),
)

# Body text printed before the appendix (plans are mostly prose; the table is an appendix).
BODY_SENTENCES: tuple[str, ...] = (
    "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia.",
    "Quán triệt sâu sắc quan điểm khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan trọng hàng đầu, là động lực chính để phát triển nhanh lực lượng sản xuất hiện đại.",
    "Các sở, ban, ngành, địa phương căn cứ chức năng, nhiệm vụ được giao chủ động xây dựng kế hoạch cụ thể để triển khai thực hiện.",
    "Tăng cường công tác thông tin, tuyên truyền, nâng cao nhận thức của cán bộ, đảng viên và nhân dân về vai trò của chuyển đổi số.",
    "Hoàn thiện thể chế, cơ chế, chính sách; xóa bỏ mọi tư tưởng, quan niệm, rào cản đang cản trở sự phát triển.",
    "Định kỳ hằng quý, sáu tháng và hằng năm báo cáo kết quả thực hiện về cơ quan thường trực để tổng hợp, báo cáo cấp có thẩm quyền.",
    "Bố trí kinh phí thực hiện từ nguồn ngân sách nhà nước theo phân cấp hiện hành và các nguồn huy động hợp pháp khác.",
    "Phát triển hạ tầng số đồng bộ, hiện đại, bảo đảm an ninh, an toàn thông tin mạng trong các cơ quan nhà nước.",
)
