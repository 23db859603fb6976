package com.remotefetch.admin.cli;

import java.io.PrintWriter;
import java.util.List;

/** A plain-text table whose columns are as wide as their widest cell, so long values never run into the next. */
final class Table {
    private Table() {
    }

    /** Prints {@code rows} (the first is the header) with two spaces between columns. */
    static void print(PrintWriter out, List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = row.get(c);
                line.append(cell);
                if (c < columns - 1) {
                    line.append(" ".repeat(width[c] - cell.length() + 2));
                }
            }
            out.println(line);
        }
    }
}
