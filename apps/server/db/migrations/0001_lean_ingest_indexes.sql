-- Every secondary index on interactions is paid on every ingested row; session lookups use the
-- workspace/time index with partition pruning instead (measured: this index cost ~20% of a flush).
DROP INDEX "interactions_session_idx";