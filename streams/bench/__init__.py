"""`gainsay bench`: measured numbers and ratios, printed; never asserted in tests."""
