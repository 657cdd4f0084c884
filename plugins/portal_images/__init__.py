"""portal_images: pictures in responsive sizes, and no image published with its metadata.

Items, organisations and places may show a picture (``image``, ``image_alt``,
``image_decorative``: the registry's ``IMAGE_FIELDS``). This plugin

- checks every picture the site would publish, with the other errors of the
  build (:mod:`.sources`: a missing file or description, a file too large or
  with too many pixels, not a picture, damaged);
- encodes each source file once per build, whatever the number of languages,
  into WebP and JPEG sizes (:mod:`.encode`, kept by content in the engine's file store: :mod:`.store`),
  and writes every picture — the fields', those a body links to and those among
  the downloads — without metadata (:mod:`.pictures`);
- gives templates ``picture_of(image)``: the :class:`~.pictures.PictureSet` that
  ``theme/templates/partials/image.html`` turns into ``<picture>``; and
  ``|with_picture_sizes``, which gives a body's pictures their size and lazy loading.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator

from portal_content import ContentError, ContentErrors, validate

from .encode import FAILURES
from .pictures import Pictures, PictureSet
from .sources import MATERIALS, check_pictures, picture_extension

__all__ = ["PictureSet", "check_pictures", "register"]

CONTEXT_KEY = "portal_images"


class PicturesGenerator(Generator):
    """Encodes the build's pictures after the content is read; writes them with the pages."""

    def generate_context(self) -> None:
        try:
            self.context[CONTEXT_KEY] = Pictures(self.settings, self.context["portal"])
        except FAILURES as error:  # checked before, so a bug or a file changed during the build
            raise ContentErrors([ContentError("content/images", f"a picture could not be encoded: {error}")])

    def generate_output(self, writer: Any) -> None:
        self.context[CONTEXT_KEY].write(self.output_path)


def leave_to_pictures(generator: Any) -> None:
    """Pelican's static copy of content/materials/ leaves the pictures out: they are written stripped."""
    kept = [static for static in generator.staticfiles
            if not (static.relative_source_path.replace("\\", "/").startswith(f"{MATERIALS}/")
                    and picture_extension(static.relative_source_path))]
    generator.staticfiles = generator.context["staticfiles"] = kept  # what generate_output copies


@pass_context
def picture_of(context: Any, image: str | None) -> PictureSet | None:
    """The picture of an ``image`` field's value (None: no picture)."""
    pictures = context.get(CONTEXT_KEY)
    return pictures.picture(image) if pictures is not None else None


@pass_context
def with_picture_sizes(context: Any, html: Any) -> Any:
    """``|with_picture_sizes``: a body's pictures with their width, height and lazy loading."""
    pictures = context.get(CONTEXT_KEY)
    return pictures.sized(html) if pictures is not None else html


def add_to_environment(generator: Any) -> None:
    generator.env.globals["picture_of"] = picture_of
    generator.env.filters["with_picture_sizes"] = with_picture_sizes


def get_generators(pelican: Any) -> type[Generator]:
    return PicturesGenerator


def register() -> None:
    validate.connect(check_pictures)
    signals.get_generators.connect(get_generators)
    signals.static_generator_finalized.connect(leave_to_pictures)
    signals.generator_init.connect(add_to_environment)
