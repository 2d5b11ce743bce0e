package io.redistenancy.benchmarks;

/** Entry point of benchmarks/run. (Being written.) */
public final class Benchmarks {
  private Benchmarks() {}

  public static void main(String[] args) {
    System.out.println("benchmarks: not yet");
  }
}
