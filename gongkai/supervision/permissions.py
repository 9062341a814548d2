"""Who may see 考评: `can_<verb>_<noun>(user, obj) -> bool` (the lists: selectors.scope_for)."""

from gongkai.organs.models import Organ, Role
from gongkai.organs.selectors import has_role, is_sysadmin, supervises


def can_view_supervision(user, organ: Organ) -> bool:
    """A system administrator, a 主管部门 above (or at) the organ, or the organ's own clerk or reviewer."""
    if not organ.is_active:
        return False
    return is_sysadmin(user) or supervises(user, organ) or has_role(user, organ, Role.CLERK, Role.REVIEWER)


def can_audit_reports(user, organ: Organ) -> bool:
    """Recording a batch audit: an administrator or a supervisor (the services also let the system, a command)."""
    return is_sysadmin(user) or supervises(user, organ)


def can_manage_evaluation(user, root: Organ) -> bool:
    """Lock (定稿) a period, edit its 考评办法, enter 加分/扣分: only a 主管部门 of the subtree (not an
    administrator, whose work is the installation, nor the organs being scored)."""
    return root.is_active and supervises(user, root)


def can_run_batch_audit(user, root: Organ) -> bool:
    """Start the batch audit of a subtree's annual reports from the browser."""
    return root.is_active and supervises(user, root)


def can_issue_notice(user, organ: Organ) -> bool:
    """Issue a 督办通知 to an organ (条例第四十七条): a 主管部门 above it."""
    return organ.is_active and supervises(user, organ)


def can_view_notice(user, notice) -> bool:
    """The supervisor of the organ, the organ's own clerks and reviewers, an administrator."""
    return is_sysadmin(user) or supervises(user, notice.organ) or has_role(user, notice.organ, Role.CLERK,
                                                                            Role.REVIEWER)


def can_reply_notice(user, notice) -> bool:
    """Only the organ's own clerks answer its 督办."""
    return has_role(user, notice.organ, Role.CLERK)


def can_decide_notice(user, notice) -> bool:
    """Accept or return an answer: a 主管部门 of the issuing office's subtree."""
    return supervises(user, notice.issuer)


def can_edit_website_report(user, organ: Organ) -> bool:
    """Enter the 政府网站工作年度报表 figures Gongkai cannot know: the organ's clerk, or its supervisor."""
    return organ.is_active and (has_role(user, organ, Role.CLERK) or supervises(user, organ))
