"""`python manage.py load_demo`: the demo organs, users and content. Safe to run again (idempotent)."""

from django.core.management.base import BaseCommand

from gongkai.annual_reports.demo import load_demo_reports
from gongkai.catalogue.demo import load_demo_catalogue
from gongkai.interaction.demo import load_demo_messages
from gongkai.letters.demo import load_demo_applications
from gongkai.organs.demo import DEMO_USERS, load_demo_organs
from gongkai.organs.models import Role
from gongkai.portal.models import Portal
from gongkai.portal.services import portal_set
from gongkai.remedies.demo import load_demo_remedies
from gongkai.supervision.demo import load_demo_supervision


class Command(BaseCommand):
    help = "载入演示数据：双鸭山市人民政府 → 岭东区人民政府及其部门、各角色的演示用户。可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--reset-passwords", action="store_true",
                            help="为已存在的演示用户重新生成密码并打印。")

    def handle(self, *args, reset_passwords: bool = False, **options):
        result = load_demo_organs(reset_passwords=reset_passwords)
        district = result.organs["district"]
        if not Portal.objects.filter(organ=district).exists():
            portal_set(actor=None, organ=district, is_default=not Portal.objects.filter(is_default=True).exists())
        catalogue_items = load_demo_catalogue(result.organs)
        demo_applications = load_demo_applications(result.organs)
        demo_remedies = load_demo_remedies(result.organs)
        demo_reports = load_demo_reports(result.organs)
        demo_messages = load_demo_messages(result.organs)
        demo_notices = load_demo_supervision(result.organs)

        if result.created_organs:
            self.stdout.write("已创建机关：" + "、".join(result.created_organs))
        else:
            self.stdout.write("演示机关已存在，未重复创建。")
        if result.passwords:
            self.stdout.write(self.style.WARNING("演示用户密码（只显示这一次，请妥善保存）："))
            for username, full_name, organ_key, role in DEMO_USERS:
                if username in result.passwords:
                    self.stdout.write(
                        f"  {username:<16} {result.passwords[username]:<18} "
                        f"{Role(role).label} · {result.organs[organ_key].name}（{full_name}）"
                    )
        else:
            self.stdout.write("演示用户已存在，密码未改变（如需重新生成，请加 --reset-passwords）。")
        self.stdout.write(f"主动公开：新增 {catalogue_items} 条演示政府信息。" if catalogue_items
                          else "主动公开演示数据已存在，未重复创建。")
        self.stdout.write(f"依申请公开：新增 {demo_applications} 件演示申请。" if demo_applications
                          else "依申请公开演示数据已存在，未重复创建。")
        self.stdout.write(f"复议诉讼：新增 {demo_remedies} 件演示记录。" if demo_remedies
                          else "复议诉讼演示数据已存在，未重复创建。")
        self.stdout.write(f"年度报告：新增 {demo_reports} 份演示年度报告（含岭东区人民政府2024年度）。" if demo_reports
                          else "年度报告演示数据已存在，未重复创建。")
        self.stdout.write(f"互动交流：新增 {demo_messages} 条演示留言。" if demo_messages
                          else "互动交流演示数据已存在，未重复创建。")
        self.stdout.write("考评：2024、2025年度已定稿（2025年度重新定稿一次），2026年度未定稿；"
                          f"新增 {demo_notices} 份督办通知。" if demo_notices else "考评演示数据已存在，未重复创建。")
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
