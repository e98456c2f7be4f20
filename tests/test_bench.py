"""The benchmark reads wrk's report right (bench/run.py; `make bench` runs it)."""

from __future__ import annotations

import math

from bench.run import parse_wrk, to_ms

# What wrk --latency prints; the "+/- Stdev" column ends in "99%" and "50%" here, as it can.
REPORT = """Running 5s test @ http://127.0.0.1:8000/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    14.81ms    5.01ms 120.00ms   72.50%
    Req/Sec   523.45     60.12   700.00     68.99%
  Latency Distribution
     50%   13.90ms
     75%   16.00ms
     90%   18.00ms
     99%    1.02s
  5234 requests in 5.00s, 1.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   1046.80
Transfer/sec:    204.12KB
"""


def test_reads_the_latency_distribution_not_the_stdev_column():
    assert parse_wrk(REPORT) == {"rps": 1046.8, "p50": 13.9, "p99": 1020.0, "errors": 7}


def test_latency_units():
    assert [to_ms(text) for text in ("812.00us", "3.21ms", "1.50s", "2.00m")] == [0.812, 3.21, 1500.0, 120000.0]
    assert math.isnan(to_ms("-nan"))
