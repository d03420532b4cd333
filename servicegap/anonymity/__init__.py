"""The anonymity of employee, leader and internal answers, in one package (docs/anonymity.md):

- ``slicing``: which slices a report of protected data may ask for (units, whole periods);
- ``rule``: which groups of a report are hidden, decided for the whole workspace at once, from
  the answers (the scan) or from the aggregates' presence rows;
- ``guard``: that rule applied to the reports answered from the aggregates;
- ``disclosure`` and ``suppression``: the pure computation behind the rule (primary and
  complementary suppression over linked tables, the linear audit); no Django import.
"""
