"""The sample corpus as a realistic news website served over local HTTP (see `server`)."""

from newsline.sample_site.server import SampleSite, serve_sample_site

__all__ = ["SampleSite", "serve_sample_site"]
