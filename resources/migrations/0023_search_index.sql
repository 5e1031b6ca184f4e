-- The full-text index rebuilt smaller and faster (issue 15, src-main/documents/search-index.ts): one column of words
-- cut and marked by the app (where each word is: head/issuer, other metadata, files; the issuer again; the
-- direction), no positions, a prefix index for two letters. Filled again by the app at start (documents.upgradeIndex,
-- index level 2), in one transaction.
DROP TABLE IF EXISTS documents_fts;
--> statement-breakpoint
CREATE VIRTUAL TABLE documents_fts USING fts5(words, content='', contentless_delete=1, tokenize='ascii', detail=none, prefix='2');
--> statement-breakpoint
-- Every word ever written to the index, for expanding a typed prefix into the words it matches.
CREATE TABLE `search_terms` (
	`term` text PRIMARY KEY NOT NULL
) WITHOUT ROWID;
