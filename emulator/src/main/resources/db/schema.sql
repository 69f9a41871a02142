-- The application database of one emulated OneStream application (H2, MSSQLServer mode).
-- Table and column names follow what administrator SQL sees on a real server where that is
-- public (onestream-api.md §4: Member, cubeviewitem, DashboardAdapter, DataMgmtGroup,
-- DataMgmtStep, DataMgmtSequence); the rest is this emulator's own.
CREATE TABLE AppInfo (InfoKey VARCHAR(40) PRIMARY KEY, InfoValue VARCHAR(200));
CREATE TABLE Dim (DimId INT PRIMARY KEY, Name VARCHAR(40) NOT NULL, DimTypeId INT NOT NULL);
CREATE TABLE Member (
  MemberId INT PRIMARY KEY,
  DimId INT NOT NULL,
  DimTypeId INT NOT NULL,
  Name VARCHAR(200) NOT NULL,
  Description VARCHAR(400),
  SortOrder INT NOT NULL,
  Currency VARCHAR(3),
  AccountType VARCHAR(20),
  FirstMonth INT,
  LastMonth INT);
CREATE TABLE Relationship (
  DimId INT NOT NULL,
  ParentId INT NOT NULL,
  ChildId INT NOT NULL,
  AggWeight DOUBLE NOT NULL,
  SortOrder INT NOT NULL,
  PRIMARY KEY (ParentId, ChildId));
CREATE TABLE CubeInfo (Name VARCHAR(100) PRIMARY KEY, Description VARCHAR(400));
CREATE TABLE DataCell (
  EntityId INT NOT NULL,
  ConsolidationId INT NOT NULL,
  ScenarioId INT NOT NULL,
  TimeId INT NOT NULL,
  AccountId INT NOT NULL,
  FlowId INT NOT NULL,
  OriginId INT NOT NULL,
  ICId INT NOT NULL,
  UD1Id INT NOT NULL,
  UD2Id INT NOT NULL,
  UD3Id INT NOT NULL,
  UD4Id INT NOT NULL,
  UD5Id INT NOT NULL,
  UD6Id INT NOT NULL,
  UD7Id INT NOT NULL,
  UD8Id INT NOT NULL,
  CellAmount DOUBLE NOT NULL);
CREATE TABLE FxRate (
  RateType VARCHAR(20) NOT NULL,
  TimeId INT NOT NULL,
  Currency VARCHAR(3) NOT NULL,
  RateToUSD DOUBLE NOT NULL,
  PRIMARY KEY (RateType, TimeId, Currency));
CREATE TABLE cubeviewitem (
  CubeViewItemId INT PRIMARY KEY,
  Name VARCHAR(200) NOT NULL UNIQUE,
  Description VARCHAR(400),
  CubeName VARCHAR(100) NOT NULL,
  Pov VARCHAR(2000) NOT NULL,
  Parameters VARCHAR(2000));
CREATE TABLE cubeviewrowcol (
  CubeViewItemId INT NOT NULL,
  Axis VARCHAR(3) NOT NULL,
  Seq INT NOT NULL,
  DefName VARCHAR(200) NOT NULL,
  MemberFilter1 VARCHAR(2000) NOT NULL,
  MemberFilter2 VARCHAR(2000),
  SuppressZeroRows BOOLEAN NOT NULL,
  PRIMARY KEY (CubeViewItemId, Axis, Seq));
CREATE TABLE DashboardAdapter (
  Name VARCHAR(200) NOT NULL,
  AdapterType VARCHAR(20) NOT NULL,
  IsSystemLevel BOOLEAN NOT NULL,
  WorkspaceName VARCHAR(200) NOT NULL,
  CubeViewName VARCHAR(200),
  SqlQuery VARCHAR(4000),
  PRIMARY KEY (Name, IsSystemLevel));
CREATE TABLE DataMgmtGroup (DataMgmtGroupID INT PRIMARY KEY, Name VARCHAR(200) NOT NULL);
CREATE TABLE DataMgmtStep (
  DataMgmtStepID INT PRIMARY KEY,
  Name VARCHAR(200) NOT NULL,
  DataMgmtGroupID INT NOT NULL,
  StepType VARCHAR(40) NOT NULL,
  CalcType VARCHAR(40),
  CubeName VARCHAR(100),
  EntityFilter VARCHAR(2000),
  ScenarioFilter VARCHAR(2000),
  TimeFilter VARCHAR(2000),
  Parameters VARCHAR(2000));
CREATE TABLE DataMgmtSequence (
  DataMgmtSequenceID INT PRIMARY KEY,
  Name VARCHAR(200) NOT NULL,
  Description VARCHAR(400),
  Parameters VARCHAR(2000));
CREATE TABLE DataMgmtSequenceStep (
  DataMgmtSequenceID INT NOT NULL,
  Seq INT NOT NULL,
  DataMgmtStepID INT NOT NULL,
  PRIMARY KEY (DataMgmtSequenceID, Seq));
