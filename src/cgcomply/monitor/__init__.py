"""The market monitor (#12): catalogue, runs, history store, diffs, and what is published from them."""
