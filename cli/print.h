/*
 * print.h — --print: a rendered PDF to CUPS's lp(1).
 */
#ifndef MYNAFORM_PRINT_H
#define MYNAFORM_PRINT_H

#include "cli.h"

/* True if name may be a CUPS queue name (and cannot read as an option). */
bool print_printer_ok(const char *name);

/* Runs `lp [-d PRINTER] -t TITLE -o media=A4 -o print-scaling=none` with
 * the PDF on its standard input (printer NULL: lp's default
 * destination).  Returns EXIT_OK, or EXIT_IO after a message: lp not found,
 * or lp failed. */
int print_pdf(const char *printer, const char *title, const unsigned char *pdf, size_t len);

#endif
