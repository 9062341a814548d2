import pytest

from gongkai.organs.codes import (
    USCC_CHARSET,
    code_error,
    is_valid_org_code,
    is_valid_uscc,
    make_uscc,
    normalise_code,
    org_code_check_char,
    org_code_of,
)


def test_org_code_check_char_follows_gb11714():
    # Worked by hand: weights 3,7,9,10,5,8,4,2 over D2143569 (D=13) sum to 199; 11 - 199 % 11 = 10 → X
    assert org_code_check_char("D2143569") == "X"
    assert is_valid_org_code("D2143569X")
    assert not is_valid_org_code("D21435692")
    # 11 - 0 → 0: 00000000 sums to 0
    assert org_code_check_char("00000000") == "0"


def test_make_uscc_builds_valid_codes_with_the_org_code_inside():
    code = make_uscc("230502", "D0000002")
    assert len(code) == 18 and code.startswith("11230502")
    assert is_valid_uscc(code)
    assert org_code_of(code) == code[8:17] and is_valid_org_code(org_code_of(code))


@pytest.mark.parametrize("position", range(18))
def test_any_single_character_change_breaks_a_uscc(position):
    code = make_uscc("230502", "D0000002")
    replacement = next(c for c in USCC_CHARSET if c != code[position])
    assert not is_valid_uscc(code[:position] + replacement + code[position + 1:])


def test_code_errors_are_chinese_and_normalisation_drops_the_hyphen():
    assert normalise_code(" d2143569-x ") == "D2143569X"
    assert code_error("D2143569X") is None
    assert "组织机构代码" in code_error("D21435691")
    assert "统一社会信用代码" in code_error("11230502D000000200")
    assert "18位" in code_error("123")
