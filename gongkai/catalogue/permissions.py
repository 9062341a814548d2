"""Who may do what with columns and items: `can_<verb>_<noun>(user, obj) -> bool`.

- 经办人 (clerk) of an organ drafts, edits and publishes (once approved) in every column of that organ;
- 栏目负责人 (column owner) does the same, but only in the columns they own;
- 审核人 (reviewer) of the organ approves, returns and withdraws (第十七条 review before publishing);
- 主管部门 (supervisors) and the organ's members read; 系统管理员 sets up columns and 索引号 rules.
Nobody acts for another organ: a clerk of 发改局 cannot publish into 教育局's columns.
"""

from gongkai.organs.models import Organ, Role
from gongkai.organs.permissions import can_view_organ
from gongkai.organs.selectors import has_role, is_sysadmin

from .models import Column, Item


def can_draft_in_column(user, column: Column) -> bool:
    if has_role(user, column.organ, Role.CLERK):
        return True
    return column.owner_id == getattr(user, "pk", None) and has_role(user, column.organ, Role.COLUMN_OWNER)


def can_view_item(user, item: Item) -> bool:
    return can_view_organ(user, item.organ)


def can_edit_item(user, item: Item) -> bool:
    return can_draft_in_column(user, item.column)


def can_review_item(user, item: Item) -> bool:
    return has_role(user, item.organ, Role.REVIEWER)


def can_publish_item(user, item: Item) -> bool:
    return can_draft_in_column(user, item.column) or can_review_item(user, item)


def can_withdraw_item(user, item: Item) -> bool:
    return can_review_item(user, item)


def can_manage_columns(user, organ: Organ) -> bool:
    """Set owners and cycles, create the default columns: the organ's clerks and reviewers, administrators."""
    return is_sysadmin(user) or has_role(user, organ, Role.CLERK, Role.REVIEWER)


def can_set_index_scheme(user, organ: Organ) -> bool:
    return is_sysadmin(user)
