package io.cubesql.onestream.emulator.internal.model;

import java.util.Objects;

/**
 * A dimension member. Ids are unique within an application. Entity members carry a currency,
 * Account members a type, and Time members the months they span (month index = year * 12 + month -
 * 1).
 */
public final class Member {
  private final int id;
  private final Dim dim;
  private final String name;
  private final String description;
  private final int sortOrder;
  private final String currency;
  private final AccountType accountType;
  private final int firstMonth;
  private final int lastMonth;

  public Member(
      int id,
      Dim dim,
      String name,
      String description,
      int sortOrder,
      String currency,
      AccountType accountType,
      int firstMonth,
      int lastMonth) {
    this.id = id;
    this.dim = Objects.requireNonNull(dim);
    this.name = Objects.requireNonNull(name);
    this.description = description == null ? "" : description;
    this.sortOrder = sortOrder;
    this.currency = currency;
    this.accountType = accountType;
    this.firstMonth = firstMonth;
    this.lastMonth = lastMonth;
  }

  public int id() {
    return id;
  }

  public Dim dim() {
    return dim;
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  /** Name and description as OneStream headers show both: {@code Houston - Houston Clubs}. */
  public String nameAndDescription() {
    return description.isEmpty() || description.equalsIgnoreCase(name)
        ? name
        : name + " - " + description;
  }

  public int sortOrder() {
    return sortOrder;
  }

  /** The local currency of an entity; null for other dimensions. */
  public String currency() {
    return currency;
  }

  /** The account type of an account; null for other dimensions. */
  public AccountType accountType() {
    return accountType;
  }

  /** For a Time member, the first month index it spans; -1 otherwise. */
  public int firstMonth() {
    return firstMonth;
  }

  /** For a Time member, the last month index it spans; -1 otherwise. */
  public int lastMonth() {
    return lastMonth;
  }

  @Override
  public String toString() {
    return dim.token() + name;
  }
}
