"""A throwaway module for the module-contract test: installed only by
`jiangxin.testing.toy.settings`, it plugs itself into the nav, imports, URLs, API and seed
from its own `module.py` with no edit to any central file."""
