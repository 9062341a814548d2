"""解读 from the policy in one step; 主题分类 from the 国务院公文主题分类 list; 发布机构 defaulting to the organ."""

import json
from pathlib import Path

import pytest

from gongkai.catalogue import services
from gongkai.catalogue.models import Interpretation, Item
from gongkai.catalogue.tests.factories import draft, published
from gongkai.catalogue.vocab import TOPIC_CHOICES, TOPICS, is_topic
from gongkai.core.exceptions import ApplicationError, PermissionDeniedError
from gongkai.core.testing import assert_may, client_for

pytestmark = pytest.mark.django_db


def test_add_an_interpretation_from_the_policy_in_one_step(world, frozen_today):
    policy = published(world.district, topic="综合政务\\政务公开", doc_no="岭政办发〔2026〕3号")
    response = client_for(world.district_clerk).post(f"/staff/catalogue/items/{policy.pk}/add_interpretation/",
                                                     {"form": "图解"})
    created = Item.objects.get(genre="解读")
    assert response.status_code == 302 and response["Location"] == f"/staff/catalogue/items/{created.pk}/"
    link = Interpretation.objects.get(item=created)
    assert (link.policy, link.form) == (policy, "图解") and created.column.slug == "zcjd"
    assert (created.status, created.topic, created.publisher) == (Item.Status.DRAFT, policy.topic, world.district.name)
    assert created.title == f"《{policy.title}》图解解读" and "岭政办发〔2026〕3号" in created.summary
    # A 解读 is not interpreted again; a draft policy is not either; another organ's clerk cannot.
    with pytest.raises(ApplicationError, match="不能再被解读"):
        services.interpretation_create(actor=world.district_clerk, policy=created)
    with pytest.raises(ApplicationError, match="已发布"):
        services.interpretation_create(actor=world.district_clerk, policy=draft(world.district))
    with pytest.raises(PermissionDeniedError):
        services.interpretation_create(actor=world.fgj_clerk, policy=policy)
    assert client_for(world.fgj_clerk).post(f"/staff/catalogue/items/{policy.pk}/add_interpretation/",
                                            {"form": "文字"}).status_code == 404
    page = assert_may(world.district_clerk, f"/staff/catalogue/items/{policy.pk}/").content.decode()
    assert "为本文件添加解读" in page and "作为该文件的解读" not in page


def test_topics_come_from_the_shipped_list_with_its_source(world, frozen_today):
    data = json.loads((Path(services.__file__).parent / "data" / "topics.json").read_text(encoding="utf-8"))
    assert "国务院政策文件库" in data["source"] and len(TOPICS) == 22
    assert "综合政务\\政务公开" in TOPIC_CHOICES and "卫生、体育\\医药管理" in TOPIC_CHOICES
    assert set(data["unverified"]) <= set(TOPIC_CHOICES)
    assert is_topic("综合政务") and not is_topic("信息公开制度")
    with pytest.raises(ApplicationError, match="不在国务院公文主题分类中"):
        draft(world.district, actor=world.district_clerk, topic="信息公开制度")
    item = draft(world.district, actor=world.district_clerk, topic="财政、金融、审计\\财政", publisher="")
    assert item.publisher == world.district.name
    form = client_for(world.district_clerk).get("/staff/catalogue/items/new/").content.decode()
    assert '<datalist id="topics">' in form and "综合政务\\政务公开" in form and "国务院政策文件库" in form
    assert f'value="{world.district.name}"' in form  # 发布机构 defaults to the organ
