-- Full-text index of documents: folded (no diacritics, đ -> d) text computed in the app, so "quyet dinh" finds
-- "Quyết định". Contentless: the words are indexed, the text itself stays in documents and blob_texts.
-- Columns by weight for ranking: head (trích yếu, loại, số ký hiệu, số đến), issuer, other metadata, file text.
CREATE VIRTUAL TABLE documents_fts USING fts5(head, issuer, other, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0', prefix='2 3');
--> statement-breakpoint
-- The 29 types of administrative documents of NĐ 30/2020 Điều 7 (standards §3.6), editable afterwards.
INSERT INTO doc_types (id, name, abbr, sort_order, active, builtin) VALUES
  (1, 'Nghị quyết', 'NQ', 10, 1, 1),
  (2, 'Quyết định', 'QĐ', 20, 1, 1),
  (3, 'Chỉ thị', 'CT', 30, 1, 1),
  (4, 'Quy chế', 'QC', 40, 1, 1),
  (5, 'Quy định', 'QyĐ', 50, 1, 1),
  (6, 'Thông cáo', 'TC', 60, 1, 1),
  (7, 'Thông báo', 'TB', 70, 1, 1),
  (8, 'Hướng dẫn', 'HD', 80, 1, 1),
  (9, 'Chương trình', 'CTr', 90, 1, 1),
  (10, 'Kế hoạch', 'KH', 100, 1, 1),
  (11, 'Phương án', 'PA', 110, 1, 1),
  (12, 'Đề án', 'ĐA', 120, 1, 1),
  (13, 'Dự án', 'DA', 130, 1, 1),
  (14, 'Báo cáo', 'BC', 140, 1, 1),
  (15, 'Biên bản', 'BB', 150, 1, 1),
  (16, 'Tờ trình', 'TTr', 160, 1, 1),
  (17, 'Hợp đồng', 'HĐ', 170, 1, 1),
  (18, 'Công văn', NULL, 180, 1, 1),
  (19, 'Công điện', 'CĐ', 190, 1, 1),
  (20, 'Bản ghi nhớ', 'BGN', 200, 1, 1),
  (21, 'Bản thỏa thuận', 'BTT', 210, 1, 1),
  (22, 'Giấy ủy quyền', 'GUQ', 220, 1, 1),
  (23, 'Giấy mời', 'GM', 230, 1, 1),
  (24, 'Giấy giới thiệu', 'GGT', 240, 1, 1),
  (25, 'Giấy nghỉ phép', 'GNP', 250, 1, 1),
  (26, 'Phiếu gửi', 'PG', 260, 1, 1),
  (27, 'Phiếu chuyển', 'PC', 270, 1, 1),
  (28, 'Phiếu báo', 'PB', 280, 1, 1),
  (29, 'Thư công', NULL, 290, 1, 1);
