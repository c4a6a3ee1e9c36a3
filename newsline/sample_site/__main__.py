"""Serve the sample site for a look in the browser: `python -m newsline.sample_site [port]`."""

import sys
import threading

from newsline.sample_site.server import serve_sample_site


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    with serve_sample_site(port=port) as site:
        print(f"Serving {site.base_url}/ — feed {site.feed_url}, sitemap {site.sitemap_url}. Ctrl-C stops.")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
