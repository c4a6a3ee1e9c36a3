"""Serve the sample site for a look in the browser: `python -m newsline.sample_site [port]`."""

import contextlib
import sys
import threading

from newsline.sample_site.server import serve_sample_site


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    with serve_sample_site(port=port) as site:
        print(f"Serving {site.base_url}/ — feed {site.feed_url}, sitemap {site.sitemap_url}. Ctrl-C stops.")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
