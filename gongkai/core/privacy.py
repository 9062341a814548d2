"""Masking of applicants' personal data (个人信息保护法 第五十一条: 去标识化, 最小必要).

Lists and pages seen by anyone but the organ's staff handling a case show personal data masked;
the full values appear only on the case page to the organ's clerks and reviewers, and each such
view is recorded in the EventLog (EventType.PERSONAL_DATA_VIEWED). Pure functions.
"""

NATURAL_PERSON = "natural_person"


def mask_name(name: str, applicant_kind: str = NATURAL_PERSON) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***; the name of a 法人或其他组织 is not personal data and stays."""
    name = (name or "").strip()
    if applicant_kind != NATURAL_PERSON or not name:
        return name
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_middle(value: str, *, keep_start: int, keep_end: int) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[len(value) - keep_end:]


def mask_id_number(value: str) -> str:
    """230502199001011234 → 2305**********1234."""
    return mask_middle(value, keep_start=4, keep_end=4) if len((value or "").strip()) > 10 else \
        mask_middle(value, keep_start=1, keep_end=1)


def mask_phone(value: str) -> str:
    """13904690001 → 139****0001."""
    return mask_middle(value, keep_start=3, keep_end=4)


def mask_email(value: str) -> str:
    """applicant1@example.com → a*********@example.com."""
    local, at, domain = (value or "").strip().partition("@")
    if not at:
        return mask_middle(local, keep_start=1, keep_end=0)
    return (local[:1] + "*" * max(len(local) - 1, 1)) + "@" + domain


def mask_address(value: str) -> str:
    """Keep the first six characters (the district), mask the rest."""
    value = (value or "").strip()
    return value[:6] + "*" * min(max(len(value) - 6, 0), 10)
