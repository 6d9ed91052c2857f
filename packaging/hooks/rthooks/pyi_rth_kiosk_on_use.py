"""A run-time hook that does nothing at start: the module it stands for (see rthooks.dat
beside this folder) is imported by whatever uses it, when it is used, not at every start
of the program."""
