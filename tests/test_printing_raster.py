"""PDF pages as images (app/printing/raster.py): what the print preview and Qt printing show."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image
from printing_support import LONG_MATTER, install_catalog
from pypdf import PdfReader

from app.errors import UserError
from app.printing.guide import print_guide
from app.printing.raster import PageImage, page_count, page_size_points, render_pages
from app.storage.db import Database

A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def guides() -> dict[str, bytes]:
    db = Database.in_memory()
    install_catalog(db)
    return {code: print_guide(db, code) for code in ("M0001", LONG_MATTER)}


def gray(image: PageImage) -> Image.Image:
    mode = "BGRA" if image.format == "BGRA" else "RGBA"
    size = (image.width, image.height)
    pixels = Image.frombuffer("RGBA", size, image.data, "raw", mode, image.stride, 1)
    return pixels.convert("L")


def dark_share(image: PageImage) -> float:
    histogram = gray(image).histogram()
    return sum(histogram[:128]) / (image.width * image.height)


def test_every_page_is_rendered_as_an_a4_image(guides: dict[str, bytes]) -> None:
    pdf = guides[LONG_MATTER]
    expected = len(PdfReader(io.BytesIO(pdf)).pages)
    assert expected > 1
    assert page_count(pdf) == expected
    images = render_pages(pdf, dpi=150)
    assert len(images) == expected
    for image in images:
        assert abs(image.width - 1240) <= 2 and abs(image.height - 1754) <= 2
        assert image.stride >= image.width * 4
        assert len(image.data) == image.stride * image.height
        assert image.dpi == 150


def test_a_page_has_text_on_white_paper(guides: dict[str, bytes]) -> None:
    (image,) = render_pages(guides["M0001"], dpi=150)
    share = dark_share(image)
    assert 0.005 < share < 0.3  # text, table rules, the QR code; mostly white paper
    picture = gray(image)
    # The PDF's own margins stay white: nothing is drawn in the corners.
    for x, y in ((5, 5), (image.width - 6, 5), (5, image.height - 6)):
        assert picture.getpixel((x, y)) == 255


def test_images_are_opaque_so_qt_can_use_them_as_they_are(guides: dict[str, bytes]) -> None:
    (image,) = render_pages(guides["M0001"], dpi=72)
    assert set(image.data[3::4]) == {255}


def test_resolution_scales_the_image(guides: dict[str, bytes]) -> None:
    pdf = guides["M0001"]
    (low,) = render_pages(pdf, dpi=150)
    (high,) = render_pages(pdf, dpi=300)
    assert abs(high.width - 2 * low.width) <= 2 and abs(high.height - 2 * low.height) <= 2


def test_a_range_of_pages_renders_only_those(guides: dict[str, bytes]) -> None:
    pdf = guides[LONG_MATTER]
    every = render_pages(pdf, dpi=72)
    second = render_pages(pdf, dpi=72, pages=range(1, 2))
    assert len(second) == 1
    assert second[0].data == every[1].data
    assert second[0].data != every[0].data


def test_page_size_in_points(guides: dict[str, bytes]) -> None:
    width, height = page_size_points(guides["M0001"], 0)
    assert width == pytest.approx(A4_POINTS[0], abs=0.5)
    assert height == pytest.approx(A4_POINTS[1], abs=0.5)


def test_bad_input_is_refused_in_chinese(guides: dict[str, bytes]) -> None:
    pdf = guides["M0001"]
    with pytest.raises(UserError, match="无法读取"):
        render_pages(b"not a pdf")
    with pytest.raises(UserError, match="只有 1 页"):
        page_size_points(pdf, 3)
    with pytest.raises(UserError, match="只有 1 页"):
        render_pages(pdf, pages=range(0, 2))
    with pytest.raises(UserError, match="分辨率"):
        render_pages(pdf, dpi=5000)


def test_renders_from_several_threads_agree(guides: dict[str, bytes]) -> None:
    pdf = guides[LONG_MATTER]
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: render_pages(pdf, dpi=72), range(6)))
    first = [image.data for image in results[0]]
    assert all([image.data for image in images] == first for images in results)
