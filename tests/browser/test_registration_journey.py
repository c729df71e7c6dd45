"""The registration journey end to end, in Chinese, in Chromium.

A new visitor registers for the demo trip (about five months ahead) and is told how to
pay; the coordinator imports a bank statement that pays it; the delegate enters passport
data; the coordinator issues the visa letter; the delegate downloads it and the PDF is
read back with pdfium.
Screenshots of each step go to test-artifacts/screenshots/journey-*.png.
"""

import datetime
import io
import re
from xml.sax.saxutils import escape

import pypdfium2
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from tests.accounts.factories import verified_login
from twinning.core.templatetags.twinning import money_display

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "2027-seattle-business-mission-to-chongqing"
EMAIL = "li.wei.journey@example.test"
NAME = "李伟 (Li Wei)"
PASSPORT_NAME = "LI WEI"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def camt053(*, reference: str, amount: str, currency: str, payer: str) -> bytes:
    """A one-entry CAMT.053 statement crediting ``amount`` with ``reference``."""
    today = datetime.date.today().isoformat()
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>JOURNEY-1</MsgId><CreDtTm>{today}T18:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>JOURNEY-1</Id>
      <Acct><Id><Othr><Id>0000123456789</Id></Othr></Id><Ccy>{currency}</Ccy></Acct>
      <Ntry>
        <NtryRef>JOURNEY-0001</NtryRef>
        <Amt Ccy="{currency}">{amount}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>{today}</Dt></BookgDt>
        <AcctSvcrRef>JOURNEY-BANK-0001</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <RltdPties><Dbtr><Nm>{escape(payer)}</Nm></Dbtr></RltdPties>
          <RmtInf><Strd><CdtrRefInf><Ref>{escape(reference)}</Ref></CdtrRefInf></Strd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
""".encode()


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(io.BytesIO(content))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


# What a look at the screenshots found: a Chinese heading with an ASCII colon, help text
# glued to the end of its input, and table cells without room between them.
LAYOUT = """() => {
  const problems = [];
  const h1 = document.querySelector("main h1");
  if (h1 && /:/.test(h1.innerText)) problems.push("ASCII colon in h1: " + h1.innerText);
  for (const help of document.querySelectorAll("form .helptext")) {
    const field = help.parentElement.querySelector("input, select, textarea");
    if (field && help.getBoundingClientRect().top < field.getBoundingClientRect().bottom)
      problems.push("help text beside its field: " + help.innerText);
  }
  for (const label of document.querySelectorAll("form .field > label")) {
    const field = document.getElementById(label.htmlFor);
    if (field && field.type !== "checkbox" && getComputedStyle(label).display !== "block")
      problems.push("label not above its field: " + label.innerText);
  }
  for (const cell of document.querySelectorAll("table.queue td")) {
    if (parseFloat(getComputedStyle(cell).paddingLeft) < 4)
      problems.push("cramped table cell: " + cell.innerText);
  }
  return problems;
}"""


def layout(page, step: str, width: int) -> list[str]:
    problems = [f"{step}: {problem}" for problem in page.evaluate(LAYOUT)]
    if not fits(page, width):
        problems.append(f"{step}: wider than {width} px")
    return problems


@pytest.fixture
def coordinator(live_server):
    from twinning.accounts.models import User
    from twinning.delegations.models import Delegation, Member

    call_command("demo", accounts=True, verbosity=0)
    user = User.objects.get(email="coordinator@demo.twinning.test")
    # The demo makes the account coordinate the 2012 trip only.
    Member.objects.update_or_create(
        delegation=Delegation.objects.get(slug=SLUG),
        user=user,
        defaults={"role": Member.Role.COORDINATOR, "confirmed": True},
    )
    return user


def test_a_visitor_registers_pays_and_downloads_the_visa_letter_in_chinese(
    chromium, live_server, coordinator, screenshot_dir
):
    from twinning.payments.models import PaymentReference
    from twinning.payments.reference import reference_format
    from twinning.registrations.models import Registration

    base = f"{live_server.url}/zh-hans/delegations/{SLUG}"
    shot = lambda page, name: page.screenshot(  # noqa: E731
        path=str(screenshot_dir / f"journey-{name}.png"), full_page=True
    )
    delegate_context = chromium.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN")
    delegate = delegate_context.new_page()
    client = Client()
    verified_login(client, coordinator)
    staff_context = chromium.new_context(viewport=DESKTOP, locale="zh-CN")
    staff_context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    staff = staff_context.new_page()
    for page in (delegate, staff):
        page.set_default_timeout(10_000)
    problems: list[str] = []  # layout, reported together at the end

    # 1. The visitor registers: account on the way, built-in questions, the terms.
    response = delegate.goto(f"{base}/register/")
    assert response.status == 200
    problems += layout(delegate, "register", PHONE["width"])
    delegate.get_by_label("电子邮箱").fill(EMAIL)
    delegate.get_by_label("姓名：", exact=True).fill(NAME)
    delegate.get_by_label("密码：", exact=True).fill("Chongqing-Seattle-1983!")
    delegate.get_by_label("公司或机构").fill("重庆未来科技（测试）")
    delegate.get_by_label("职务：", exact=True).fill("总经理")
    delegate.get_by_label("紧急联系人（姓名和电话）").fill("李娜 +86 23 0000 0000")
    delegate.get_by_label("我已阅读并接受条款和取消规定").check()
    shot(delegate, "1-register-phone")
    with delegate.expect_navigation():
        delegate.get_by_role("button", name="报名").click()

    registration = Registration.objects.get(user__email=EMAIL, delegation__slug=SLUG)
    reference = reference_format(PaymentReference.objects.get(registration=registration).body)
    assert delegate.url == f"{base}/registration/"
    text = delegate.inner_text("main")
    assert "谢谢：我们已收到您的报名。" in delegate.inner_text("body")
    assert "待付款" in text
    assert "付款方式" in text
    assert reference in text
    assert "收款方" in text and "Seattle–Chongqing Sister City Association (demo)" in text
    assert "账户" in text and "0000123456789 (demo)" in text
    problems += layout(delegate, "my registration", PHONE["width"])
    shot(delegate, "2-payment-instructions-phone")

    # 2. The coordinator imports a statement paying it all: preview, then confirm.
    total = registration.total
    statement = camt053(
        reference=reference,
        amount=f"{total.amount:.2f}",
        currency=str(total.currency),
        payer="Chongqing Future Technology (test)",
    )
    assert staff.goto(f"{base}/payments/statement/").status == 200
    staff.get_by_label("格式：", exact=True).select_option("camt053")
    staff.get_by_label("银行对账单").set_input_files(
        files=[{"name": "journey.xml", "mimeType": "application/xml", "buffer": statement}]
    )
    with staff.expect_navigation():
        staff.get_by_role("button", name="预览导入结果").click()
    preview = staff.inner_text("main")
    assert f"{NAME} 的付款" in preview
    problems += layout(staff, "statement preview", DESKTOP["width"])
    registration.refresh_from_db()
    assert registration.status == Registration.Status.AWAITING_PAYMENT
    shot(staff, "3-statement-preview-desktop")
    with staff.expect_navigation():
        staff.get_by_role("button", name="导入这些行").click()
    assert "已导入 1 行，0 行此前已导入，已跳过。" in staff.inner_text("body")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    staff.goto(f"{base}/registrations/")
    assert "已确认" in staff.get_by_role("row").filter(has_text=NAME).inner_text()

    # 3. The delegate sees the registration confirmed and enters the passport data.
    delegate.goto(f"{base}/registration/")
    text = delegate.inner_text("main")
    assert "已确认" in text
    assert "付款方式" not in text  # nothing is due any more
    balance = delegate.get_by_role("row").filter(has_text="应付余额").inner_text()
    assert "US$0" in balance
    with translation.override("zh-hans"):
        paid = money_display(total)
    assert paid in delegate.get_by_role("row").filter(has_text="已付").inner_text()
    assert "截止" not in balance  # no date to pay nothing by
    # The demo's schedule refunds less as the trip nears: the sentence, not the figure.
    assert re.search(r"如果您今天取消，将退还已付金额的 \d+%(，扣除手续费 [^。]+)?。", text)
    with delegate.expect_navigation():
        delegate.get_by_role("link", name="填写护照信息").click()
    problems += layout(delegate, "passport", PHONE["width"])
    delegate.get_by_label("护照上的姓名").fill(PASSPORT_NAME)
    delegate.get_by_label("护照号码").fill("E12345678")
    delegate.get_by_label("签发国").select_option("CN")
    delegate.get_by_label("国籍").select_option("CN")
    delegate.get_by_label("出生日期").fill("1985-06-01")
    delegate.get_by_label("护照有效期至").fill("2033-01-31")
    shot(delegate, "4-passport-phone")
    with delegate.expect_navigation():
        delegate.get_by_role("button", name="保存护照信息").click()
    assert delegate.url == f"{base}/registration/"
    text = delegate.inner_text("main")
    assert "护照信息已填写" in text
    assert "E12345678" not in text  # shown masked only

    # 4. The coordinator issues the letter on the visa page.
    assert staff.goto(f"{base}/visas/").status == 200
    row = staff.get_by_role("row").filter(has_text=NAME)
    with staff.expect_navigation():
        row.get_by_role("button", name="签发邀请函").click()
    letter = registration.visa_letters.get()
    assert f"邀请函 {letter.number} 已签发。" in staff.inner_text("body")
    problems += layout(staff, "visa letters", DESKTOP["width"])
    shot(staff, "5-letter-issued-desktop")

    # 5. The delegate downloads it through the page's link; pdfium reads it back.
    delegate.goto(f"{base}/registration/")
    assert f"您的签证邀请函 {letter.number} 已准备好。" in delegate.inner_text("main")
    shot(delegate, "6-letter-ready-phone")
    link = delegate.get_by_role("link", name="下载邀请函（PDF）")
    answer = delegate_context.request.get(live_server.url + link.get_attribute("href"))
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    text = pdf_text(answer.body())
    first = pypdfium2.PdfDocument(answer.body())[0]
    first.render(scale=1.5).to_pil().save(screenshot_dir / "journey-7-letter-pdf.png")
    assert letter.number in text
    assert PASSPORT_NAME in text
    assert "邀请函" in text
    assert problems == []
    delegate_context.close()
    staff_context.close()
