"""The demo data set and its loader, used by `make demo` and the tests; never part of the installed product.

A Django app only in the demo and test settings: its `seed_demo` command loads the whole set (`demo.seed.demo_seed`).
"""
