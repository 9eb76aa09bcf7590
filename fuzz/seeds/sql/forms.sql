WITH c AS (SELECT pid FROM processes WHERE name LIKE '%sh' ESCAPE '\')
SELECT DISTINCT p.name, u.username AS owner, count(*) n, CASE WHEN x IN (1, 2) THEN 'a' ELSE CAST(y AS INTEGER) END
FROM c JOIN processes p USING (pid) LEFT JOIN users u ON p.uid = u.uid
WHERE p.path NOT GLOB '/usr/*' AND p.cmdline REGEXP 'nc .*' AND p.start_time BETWEEN 1 AND 2 AND u.uid IS NOT NULL
GROUP BY 1 HAVING n > 1 UNION ALL SELECT 1, 2, 3, 4 ORDER BY 1 DESC LIMIT 5 OFFSET 1; -- note
