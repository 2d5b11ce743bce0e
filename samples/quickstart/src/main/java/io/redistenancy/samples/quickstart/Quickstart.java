package io.redistenancy.samples.quickstart;

/** The quickstart. (Being written.) */
public final class Quickstart {
  private Quickstart() {}

  public static void main(String[] args) {
    System.out.println("quickstart: not yet");
  }
}
