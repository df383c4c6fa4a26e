"""Rules of the mentoring process over the model: pure functions, no I/O, no printing."""
