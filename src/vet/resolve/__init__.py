"""Listed parties across lists, and why each is listed.

``topics``: the topics of a listing (human rights, forced labour, terrorism...) from one
documented vocabulary, derived by the mapping in ``data/topics.toml``.
"""

from vet.resolve.topics import TOPICS, listing_topics, topic_title, topics_of

__all__ = ["TOPICS", "listing_topics", "topic_title", "topics_of"]
