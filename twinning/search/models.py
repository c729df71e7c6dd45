from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """The search terms of one public object (exchange, person, organisation).

    The full-text index itself is database-specific and kept beside this table: an FTS5
    table fed by triggers on SQLite, a generated tsvector column with a GIN index on
    PostgreSQL (see the migrations and ``backends.py``).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_document_once_per_object"
            ),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"


class SearchTerm(models.Model):
    """Every term in the index: the vocabulary typo correction picks from.

    A Chinese term keeps its toneless pinyin, so a query word in no document can be
    replaced by known words that sound the same (口照 → 口罩, both "kouzhao").
    """

    term = models.CharField(max_length=100, unique=True)
    pinyin = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self):
        return self.term
