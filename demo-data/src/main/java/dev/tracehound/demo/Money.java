package dev.tracehound.demo;

/** Amounts in cents, printed as "123.45" without the cost of String.format. */
final class Money {

    private Money() {
    }

    static String format(long cents) {
        long remainder = cents % 100;
        return (cents / 100) + (remainder < 10 ? ".0" : ".") + remainder;
    }
}
