"""`make bench`'s entry point; the bench itself is tools/bench_main.py (what it measures is
described there).

Only an entry point, because the parse workers are spawned: each runs the parent's main script
again (as __mp_main__) before it parses. Run by run_bot.py, that costs a worker next to nothing
(35 MB in all); run by the bench's own module, each worker also carried the bench's imports
(aiohttp, the fetcher, psutil: 20 MB more each) and counted them as the bot's memory.
"""

if __name__ == "__main__":
    import bench_main

    bench_main.main()
