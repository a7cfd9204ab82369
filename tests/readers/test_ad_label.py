"""An ad label is not a chrome heading: the sponsored article after it stays the article."""

from __future__ import annotations

from auditor.readers import ReaderOptions, read_bytes


def test_advertisement_label_keeps_the_body() -> None:
    text = (
        "Ten ways to save on heating this winter\n\nAdvertisement\n\n"
        "Insulating the loft is the cheapest step, installers say, and pays back within three years.\n\n"
        "A smart thermostat cuts the bill further when the house is empty during the day.\n"
    )
    (doc,) = read_bytes(text.encode(), "ad.txt", ReaderOptions())
    kinds = [s.kind for s in doc.segments]
    assert kinds.count("body") >= 2
    assert "chrome" not in kinds


def test_reklama_label_keeps_the_body() -> None:
    text = (
        "Как сэкономить на отоплении этой зимой\n\nРеклама\n\n"
        "Утепление чердака окупается за три года, говорят монтажники.\n\n"
        "Умный термостат снижает счёт, когда днём дома никого нет.\n"
    )
    (doc,) = read_bytes(text.encode(), "ad.txt", ReaderOptions())
    assert [s.kind for s in doc.segments].count("body") >= 2
