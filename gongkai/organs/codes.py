"""Organisation identifiers: 统一社会信用代码 (GB 32100-2015) and 组织机构代码 (GB 11714-1997).

Pure functions. Gongkai accepts either as an organ's `code`; 索引号 use one or the other.
"""

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def normalise_code(raw: str) -> str:
    """Upper-case, strip spaces and the hyphen of a 组织机构代码 (XXXXXXXX-X)."""
    return "".join(raw.split()).replace("-", "").upper()


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    def value(c: str) -> int:
        return int(c) if c.isdigit() else ord(c) - ord("A") + 10

    remainder = 11 - sum(value(c) * w for c, w in zip(first8, ORG_CODE_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def is_valid_uscc(code: str) -> bool:
    return (
        len(code) == 18
        and all(c in USCC_CHARSET for c in code)
        and uscc_check_char(code[:17]) == code[17]
        and is_valid_org_code(code[8:17])
    )


def is_valid_org_code(code: str) -> bool:
    return (
        len(code) == 9
        and code[:8].isalnum()
        and code[:8].isascii()
        and org_code_check_char(code[:8]) == code[8]
    )


def code_error(code: str) -> str | None:
    """None when `code` (normalised) is a valid 统一社会信用代码 or 组织机构代码, else a Chinese message."""
    if len(code) == 18:
        return None if is_valid_uscc(code) else "统一社会信用代码校验失败，请核对18位代码。"
    if len(code) == 9:
        return None if is_valid_org_code(code) else "组织机构代码校验失败，请核对9位代码。"
    return "机关代码应为18位统一社会信用代码或9位组织机构代码。"


def org_code_of(code: str) -> str:
    """The 9-character 组织机构代码 inside a code (characters 9–17 of a 统一社会信用代码)."""
    return code[8:17] if len(code) == 18 else code


def make_uscc(region_code: str, org_code_body: str, *, category: str = "11") -> str:
    """Build a valid 统一社会信用代码 from a region code and the first 8 characters of an organisation
    code (used by the demo data and the tests; 11 = 机构编制 / 机关)."""
    org = org_code_body + org_code_check_char(org_code_body)
    first17 = category + region_code + org
    return first17 + uscc_check_char(first17)
