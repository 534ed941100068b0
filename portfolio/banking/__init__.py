"""Bank files: reading statements (CAMT.053, MT940) and writing SEPA payment files (pain.001, pain.008).

Pure Python (no Django): the servicing services persist and match what these modules read.
"""
